// Debian's ansible-core for the plan tests: whether it is there (CI installs it, and then its
// absence is an error, not a skip), and ansible-playbook run with everything of Ansible's own
// (home, log, no colour, no retry files) kept in the test's directory.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

/** `base` (the sshd or sudo skip reason) first, then ansible-playbook; throws under CAMPAIGN_AUDIT_REQUIRE_SSHD=1. */
export function ansibleSkip(base: string | false): string | false {
  if (base) return base;
  if (existsSync(ANSIBLE_PLAYBOOK)) return false;
  const reason = `the Ansible plan tests need ${ANSIBLE_PLAYBOOK} (apt-get install ansible-core)`;
  if (process.env.CAMPAIGN_AUDIT_REQUIRE_SSHD === '1') throw new Error(`CAMPAIGN_AUDIT_REQUIRE_SSHD=1 but ${reason}`);
  process.stderr.write(`# skipping: ${reason}\n`);
  return reason;
}

export interface PlaybookRun {
  status: number | null;
  /** stdout and stderr together. */
  output: string;
}

/** ansible-playbook PLAYBOOK ARGS with HOME and the log in the test's folders, the secrets in `secrets`. */
export function runPlaybook(playbook: string, args: readonly string[], files: { home: string; log: string }, secrets: Record<string, string>): PlaybookRun {
  const run = spawnSync(ANSIBLE_PLAYBOOK, [playbook, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: files.home,
      ANSIBLE_LOG_PATH: files.log,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
      // The test sshd has no sftp subsystem: no fallback warnings.
      ANSIBLE_SSH_TRANSFER_METHOD: 'piped',
      ...secrets,
    },
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}
