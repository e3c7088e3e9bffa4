// The plan as a POSIX sh script. A dry run by default: it prints every command it would run.
// With --execute it runs the setimsoauth and reload steps over ssh, one host at a time.
// No secret is ever in the script: the client secret comes from an environment variable at
// run time and travels to the host on ssh's stdin, not on a command line.
import { printableLine } from '../render/text.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import { shellQuote } from '../render/shell.js';
import { isSafeAddress } from './build.js';
import type { Plan } from './model.js';

/** An install dir the script may put into a remote command line as is (`~/nl6`, `/opt/neolane/nl6`). */
const SAFE_DIR = /^[A-Za-z0-9~._/@+][A-Za-z0-9._/@+-]*$/;

/** Single-quotes a value for sh (plan IDs are already restricted to [A-Za-z0-9@._-]). */
const shQuote = shellQuote;

/**
 * Report text for a `#` comment or a printed note: one line, no control or bidirectional
 * character, so the script reads as it runs and its output cannot drive the terminal.
 */
const commentText = printableLine;

/** A note the script prints: quoted for sh, and made printable first. */
function note(text: string): string {
  return `note ${shQuote(commentText(text))}`;
}

export function renderPlanSh(plan: Plan): string {
  const lines: string[] = [
    '#!/bin/sh',
    `# campaign-audit migration plan (as of ${commentText(plan.asOf)}; report generated ${commentText(plan.source.generatedAt)}).`,
    `# JWT phase: ${commentText(plan.phase.summary)}.`,
    '# DRY RUN unless called with --execute: it then runs the set-oauth and reload steps over ssh.',
    '# Each host is reached as `ssh <address>`: give it User neolane in ~/.ssh/config, or set',
    '# CAMPAIGN_AUDIT_BECOME=neolane to wrap remote commands in `sudo -n -u neolane`.',
    '# Secrets are never in this file: export the CAMPAIGN_OAUTH_SECRET_* variables named below.',
    '# Upgrades and cleanup are manual steps: the script only prints them.',
    'set -eu',
    'EXECUTE=0',
    'if [ "${1:-}" = --execute ]; then EXECUTE=1; fi',
    'SSH=${CAMPAIGN_AUDIT_SSH:-ssh}',
    'BECOME=${CAMPAIGN_AUDIT_BECOME:-}',
    '',
    '# remote HOST COMMAND: the command is fixed text from this plan; stdin is passed through.',
    '# ENV_SH is the env.sh of the host\'s Campaign install dir, set before each host\'s commands.',
    `ENV_SH=${DEFAULT_INSTALL_DIR}/env.sh`,
    'remote() {',
    '  if [ -n "$BECOME" ]; then',
    '    "$SSH" -- "$1" "sudo -n -H -u $BECOME sh -c \'. $ENV_SH && $2\'"',
    '  else',
    '    "$SSH" -- "$1" ". $ENV_SH && $2"',
    '  fi',
    '}',
    '',
    '# set_oauth HOST INSTANCE IDS VARIABLE: the secret is read on the remote side from stdin.',
    'set_oauth() {',
    '  eval "secret=\\${$4:-}"',
    '  if [ "$EXECUTE" -eq 0 ]; then',
    '    printf \'[dry-run] %s: nlserver config -instance:%s -setimsoauth:%s/$%s\\n\' "$1" "$2" "$3" "$4"',
    '    return 0',
    '  fi',
    '  if [ -z "$secret" ]; then echo "campaign-audit plan: $4 is not set; export the OAuth client secret first" >&2; exit 2; fi',
    '  printf \'%s\\n\' "$secret" | remote "$1" "IFS= read -r s && nlserver config -instance:$2 \\"-setimsoauth:$3/\\$s\\""',
    '}',
    '',
    '# run HOST COMMAND',
    'run() {',
    '  if [ "$EXECUTE" -eq 0 ]; then printf \'[dry-run] %s: %s\\n\' "$1" "$2"; return 0; fi',
    '  remote "$1" "$2" </dev/null',
    '}',
    '',
    'note() { printf \'%s\\n\' "$*"; }',
    '',
  ];
  for (const instance of plan.instances) {
    lines.push(`# ---- instance ${commentText(instance.instance)}: ${instance.state}`);
    const setOAuth = instance.steps.find((step) => step.id === 'set-oauth');
    const reload = instance.steps.find((step) => step.id === 'reload');
    if (setOAuth?.status === 'todo' && setOAuth.commands.length === 0) {
      // buildPlan writes no command for a name unsafe on a command line (its warning says so).
      lines.push(note(`instance ${instance.instance}: its name holds characters unsafe in a command line; run its steps by hand (see the Markdown plan)`), '');
      continue;
    }
    if (setOAuth === undefined || setOAuth.status !== 'todo') {
      lines.push(note(`instance ${instance.instance}: nothing to run (${instance.state})`), '');
      continue;
    }
    const upgrade = instance.steps.find((step) => step.id === 'upgrade');
    const blocked = new Set(upgrade?.status === 'todo' ? upgrade.hosts : []);
    const ids = `${instance.ids.orgId ?? '<IMS_ORG_ID>'}/${instance.ids.clientId ?? '<CLIENT_ID>'}/${instance.ids.technicalAccountId ?? '<TECHNICAL_ACCOUNT_ID>'}`;
    const hasPlaceholders = ids.includes('<');
    if (hasPlaceholders) lines.push(note(`instance ${instance.instance}: fill in ${ids} in this script before --execute`));
    lines.push(note(`instance ${instance.instance}: client secret from $${instance.secretVariable}`));
    for (const hostName of setOAuth.hosts) {
      const host = instance.hosts.find((candidate) => candidate.name === hostName);
      if (host === undefined) continue;
      if (!isSafeAddress(host.address)) {
        lines.push(note(`${host.name}: its address holds characters unsafe in a command line; skipped, run its steps by hand`));
        continue;
      }
      if (blocked.has(host.name)) {
        lines.push(note(`${host.name}: upgrade to ${plan.policy.minVersion} or later first (setimsoauth needs it); skipped`));
        continue;
      }
      const installDir = host.installDir ?? DEFAULT_INSTALL_DIR;
      if (!SAFE_DIR.test(installDir)) {
        lines.push(note(`${host.name}: its install dir holds characters unsafe in a command line; skipped, run its steps by hand`));
        continue;
      }
      if (hasPlaceholders) lines.push('if [ "$EXECUTE" -eq 1 ]; then echo "campaign-audit plan: IDs missing for this instance" >&2; exit 2; fi');
      // Expanded into the remote command line unquoted: SAFE_DIR allows no space, quote or $.
      lines.push(`ENV_SH=${installDir.replace(/\/+$/, '')}/env.sh`);
      lines.push(`set_oauth ${shQuote(host.address)} ${shQuote(instance.instance)} ${shQuote(ids)} ${instance.secretVariable}`);
      for (const command of reload?.commands ?? []) lines.push(`run ${shQuote(host.address)} ${shQuote(command)}`);
    }
    lines.push('');
  }
  lines.push('note "Then verify (rescan with campaign-audit) and clean up as the Markdown plan says."', '');
  return lines.join('\n');
}
