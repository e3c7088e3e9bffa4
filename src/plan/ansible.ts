// The plan as one Ansible playbook (`plan -f ansible`), for teams that already run Ansible. One
// file, no separate inventory: its first play adds each host the way the scan reached it
// (route.ts: address, port, user, key files, known_hosts checked strictly, jump hosts, the
// become user), the second runs the same steps as the sh script, `serial: 1`: back up the
// instance file, setimsoauth with the secret on stdin from an environment variable (`no_log`),
// reload and restarts as handlers, then a re-read; a failure stops the run and prints that
// host's rollback. `--check` changes nothing: every step that writes is a command Ansible skips
// in check mode. docs/plan.md says how to run it.
import { stringify } from 'yaml';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import { printableLine } from '../render/text.js';
import { oauthIdsText, renderAction, shellWord } from './actions.js';
import type { Plan, PlanAction, PlanHost } from './model.js';
import { SKIP_TEXT } from './notices.js';
import { sshOptions } from './route.js';
import { instanceRunOf, type SetOAuthAction } from './runnable.js';

/** The group the first play puts the hosts in. */
const GROUP = 'campaign_oauth_migration';

/** The variables of one host, as add_host sets them. */
interface HostEntry {
  name: string;
  ansible_host: string;
  ansible_port: number;
  ansible_user: string;
  ansible_ssh_common_args: string;
  /**
   * Modules go over the ssh session's stdin, not as temporary files: nothing is left in the
   * server's temp directories, and becoming an unprivileged Campaign user works without ACLs
   * (Ansible cannot hand its temp files to another user otherwise) under a sudo rule that
   * allows only sh (docs/ssh.md).
   */
  ansible_pipelining: boolean;
  ansible_become?: boolean;
  ansible_become_user?: string;
  ansible_become_method?: string;
  campaign_install_dir: string;
  campaign_instance: string;
  campaign_file: string;
  campaign_secret_variable: string;
  /** The remote setimsoauth command: reads the secret from stdin into $s. */
  campaign_set_oauth: string;
  campaign_restarts: string[];
  campaign_check: string;
  campaign_rollback: string;
}

/** `{{ … }}` would be templated by Ansible: no value from a report may hold it (they pass isSafeRoute / isSafeWord, which allow no brace). */
const plain = (text: string): string => printableLine(text);

function hostEntry(host: PlanHost & { route: NonNullable<PlanHost['route']> }, actions: readonly PlanAction[], rollback: readonly PlanAction[], secretVariable: string): HostEntry {
  const { route } = host;
  const [, , ...options] = sshOptions(route, route.knownHosts); // `-p N` is ansible_port
  const setOAuth = actions.find((action): action is SetOAuthAction => action.kind === 'set-oauth');
  const check = actions.find((action) => action.kind === 'check-oauth');
  const backup = actions.find((action): action is Extract<PlanAction, { kind: 'backup' }> => action.kind === 'backup');
  const installDir = host.installDir ?? DEFAULT_INSTALL_DIR;
  return {
    name: host.name,
    ansible_host: route.address,
    ansible_port: route.port,
    ansible_user: route.user,
    ansible_ssh_common_args: options.map(shellWord).join(' '),
    ansible_pipelining: true,
    ...(route.become !== undefined ? { ansible_become: true, ansible_become_user: route.become, ansible_become_method: 'sudo' } : {}),
    campaign_install_dir: installDir,
    campaign_instance: setOAuth?.instance ?? '',
    campaign_file: backup?.file ?? '',
    campaign_secret_variable: secretVariable,
    campaign_set_oauth: setOAuth === undefined ? 'false' : `IFS= read -r s && nlserver config -instance:${setOAuth.instance} "-setimsoauth:${oauthIdsText(setOAuth.ids)}/$s"`,
    campaign_restarts: actions.flatMap((action) => (action.kind === 'restart' ? [action.module] : [])),
    campaign_check: check === undefined ? 'true' : renderAction(check),
    // `$STAMP` is this run's: the rescue task puts the value in.
    campaign_rollback: `cd ${installDir} && . ./env.sh && ${rollback.map(renderAction).join(' && ')}`,
  };
}

/** A shell task in the install dir, after env.sh. */
const envShell = (cmd: string, extra: Record<string, string> = {}): Record<string, unknown> => ({ 'ansible.builtin.shell': { cmd: `. ./env.sh && ${cmd}`, chdir: '{{ campaign_install_dir }}', ...extra } });

export function renderPlanAnsible(plan: Plan): string {
  const hosts: HostEntry[] = [];
  const byHand: string[] = [];
  const secretVariables = new Set<string>();
  const missingIds: string[] = [];
  for (const instance of plan.instances) {
    const run = instanceRunOf(instance);
    // An instance left to a person as a whole (its name is unsafe) is named by the Markdown plan's notice.
    if (run.kind !== 'run') continue;
    for (const entry of run.hosts) {
      if (entry.skip !== null) {
        byHand.push(plain(SKIP_TEXT[entry.skip](entry.host, plan)));
        continue;
      }
      if (instance.hasMissingIds) missingIds.push(plain(instance.instance));
      secretVariables.add(run.setOAuth.secretVariable);
      hosts.push(hostEntry(entry.host, run.hostActions, instance.rollback, run.setOAuth.secretVariable));
    }
  }

  const setup: Record<string, unknown>[] = [
    { name: "The run's timestamp: the backups are named with it", 'ansible.builtin.set_fact': { campaign_stamp: "{{ lookup('pipe', 'date -u +%Y%m%dT%H%M%SZ') }}" } },
    ...(byHand.length > 0 ? [{ name: 'Hosts left to a person (run their steps by hand, see the Markdown plan)', 'ansible.builtin.debug': { msg: byHand } }] : []),
    ...(missingIds.length > 0
      ? [{ name: 'IDs to fill in', 'ansible.builtin.fail': { msg: `Instance(s) ${[...new Set(missingIds)].join(', ')}: fill in the <placeholders> in campaign_set_oauth before running this playbook; nothing was run.` } }]
      : []),
    // A shell test on the controller: the secret is never a value Ansible holds or prints here.
    ...(secretVariables.size > 0
      ? [
          {
            name: 'Every client secret is exported',
            'ansible.builtin.shell': { cmd: 'test -n "$(printenv "$CAMPAIGN_SECRET_VARIABLE")"' },
            environment: { CAMPAIGN_SECRET_VARIABLE: '{{ item }}' },
            loop: [...secretVariables],
            changed_when: false,
            check_mode: false,
          },
        ]
      : []),
    ...(hosts.length > 0
      ? [
          {
            name: 'Add each host the way the scan reached it',
            'ansible.builtin.add_host': {
              name: '{{ item.name }}',
              groups: GROUP,
              ...Object.fromEntries(Object.keys(hosts[0] as HostEntry).filter((key) => key !== 'name' && !key.startsWith('ansible_become')).map((key) => [key, `{{ item.${key} }}`])),
              ansible_become: '{{ item.ansible_become | default(false) }}',
              ansible_become_user: '{{ item.ansible_become_user | default(omit) }}',
              ansible_become_method: 'sudo',
            },
            loop: hosts,
            loop_control: { label: '{{ item.name }}' },
          },
        ]
      : [{ name: 'Nothing to run over ssh', 'ansible.builtin.debug': { msg: 'No host has setimsoauth steps this playbook may run.' } }]),
  ];

  const migrate = {
    name: 'Set OAuth Server-to-Server on each host, one host at a time',
    hosts: GROUP,
    serial: 1,
    any_errors_fatal: true,
    gather_facts: false,
    tasks: [
      {
        name: 'Back up, set OAuth, reload and restart, re-read',
        block: [
          {
            name: 'Back up {{ campaign_file }} beside it (cp -p, named with the run timestamp)',
            'ansible.builtin.command': {
              cmd: "cp -p -- {{ campaign_file }} {{ campaign_file }}.{{ hostvars['localhost'].campaign_stamp }}.bak",
              chdir: '{{ campaign_install_dir }}',
              creates: "{{ campaign_file }}.{{ hostvars['localhost'].campaign_stamp }}.bak",
            },
          },
          {
            name: 'Set the OAuth credential on {{ campaign_instance }} (the secret on stdin)',
            ...envShell('{{ campaign_set_oauth }}', { stdin: "{{ lookup('env', campaign_secret_variable) }}" }),
            // The secret is in this task's arguments: nothing of it is logged or printed.
            no_log: true,
            notify: ['campaign reload'],
          },
          { name: 'Reload and restart now, before the re-read', 'ansible.builtin.meta': 'flush_handlers' },
          {
            name: 'Re-read {{ campaign_file }}: it must now read as OAuth',
            ...envShell('{{ campaign_check }}'),
            changed_when: false,
            when: 'not ansible_check_mode',
          },
        ],
        rescue: [
          {
            name: 'Stop, and say how to roll this host back',
            'ansible.builtin.fail': {
              // A failed handler leaves ansible_failed_task undefined (ansible-core 2.14).
              msg: "{{ inventory_hostname }} failed at: {{ (ansible_failed_task | default({'name': 'the reload or a restart'})).name }}. To roll it back, run there as for its steps: {{ campaign_rollback | replace('$STAMP', hostvars['localhost'].campaign_stamp) }}",
            },
          },
        ],
      },
    ],
    handlers: [
      { name: 'Reload the configuration', ...envShell('nlserver config -reload'), listen: 'campaign reload' },
      { name: 'Restart the modules that use the technical account', ...envShell('nlserver restart {{ item }}'), loop: '{{ campaign_restarts }}', listen: 'campaign reload' },
    ],
  };

  const header = [
    `# campaign-audit migration plan as an Ansible playbook (as of ${plain(plan.asOf)}; report generated ${plain(plan.source.generatedAt)}).`,
    `# JWT phase: ${plain(plan.phase.summary)}.`,
    '#   ansible-playbook plan.yml --check     shows what would run and changes nothing',
    '#   ansible-playbook plan.yml             runs it, one host at a time (serial: 1)',
    '# No inventory is needed: the first play adds each host as the scan reached it. The hosts need',
    '# python3 (Ansible modules).',
    ...(secretVariables.size > 0 ? ['# Export the client secrets first:', ...[...secretVariables].map((variable) => `#   export ${variable}=...`)] : []),
    '# They are read with lookup("env", ...) and sent on stdin; the task that sees one has no_log.',
    '# Upgrades, the rescan and the cleanup are manual steps (see the Markdown plan, docs/plan.md).',
  ];
  const playbook = [{ name: 'Hosts as the scan reached them', hosts: 'localhost', connection: 'local', gather_facts: false, tasks: setup }, ...(hosts.length > 0 ? [migrate] : [])];
  return `${header.join('\n')}\n${stringify(playbook, { lineWidth: 0 })}`;
}
