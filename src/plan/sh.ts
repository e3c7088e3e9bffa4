// The plan as a POSIX sh script. A dry run by default: it prints every command it would run.
// With --execute it runs the setimsoauth and reload steps over ssh, one host at a time.
// No secret is ever in the script: the client secret comes from an environment variable at
// run time and travels to the host on ssh's stdin, not on a command line.
import { printableLine } from '../render/text.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import { shellQuote } from '../render/shell.js';
import { oauthIdsText, renderAction } from './actions.js';
import type { Plan, PlanAction, PlanHost, SkipReason } from './model.js';

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

/** What the script says instead of running a host's steps, for each reason buildPlan gave. */
const SKIP_NOTE = {
  'unsafe-instance-name': (host) => `${host.name}: the instance name holds characters unsafe in a command line; skipped, run its steps by hand`,
  'unsafe-address': (host) => `${host.name}: its address holds characters unsafe in a command line; skipped, run its steps by hand`,
  'below-minimum': (host, plan) => `${host.name}: upgrade to ${plan.policy.minVersion} or later first (setimsoauth needs it); skipped`,
  'unsafe-install-dir': (host) => `${host.name}: its install dir holds characters unsafe in a command line; skipped, run its steps by hand`,
  'no-route': (host) => `${host.name}: the scan did not record how to reach it; skipped, run its steps by hand`,
} satisfies Record<SkipReason, (host: PlanHost, plan: Plan) => string>;

const isSetOAuth = (action: PlanAction): action is Extract<PlanAction, { kind: 'set-oauth' }> => action.kind === 'set-oauth';

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
    const action = setOAuth?.actions.find(isSetOAuth);
    if (setOAuth?.status === 'todo' && action === undefined) {
      // buildPlan writes no action for a name unsafe on a command line (its notice says so).
      lines.push(note(`instance ${instance.instance}: its name holds characters unsafe in a command line; run its steps by hand (see the Markdown plan)`), '');
      continue;
    }
    if (setOAuth === undefined || setOAuth.status !== 'todo' || action === undefined) {
      lines.push(note(`instance ${instance.instance}: nothing to run (${instance.state})`), '');
      continue;
    }
    const ids = oauthIdsText(action.ids);
    if (instance.hasMissingIds) lines.push(note(`instance ${instance.instance}: fill in ${ids} in this script before --execute`));
    lines.push(note(`instance ${instance.instance}: client secret from $${action.secretVariable}`));
    const hostsByName = new Map<string, PlanHost>();
    for (const host of instance.hosts) if (!hostsByName.has(host.name)) hostsByName.set(host.name, host);
    for (const hostName of setOAuth.hosts) {
      const host = hostsByName.get(hostName);
      if (host === undefined) continue;
      if (host.skip !== null) {
        lines.push(note(SKIP_NOTE[host.skip](host, plan)));
        continue;
      }
      if (instance.hasMissingIds) lines.push('if [ "$EXECUTE" -eq 1 ]; then echo "campaign-audit plan: IDs missing for this instance" >&2; exit 2; fi');
      // Expanded into the remote command line unquoted: buildPlan skips an install dir with a space, quote or $.
      lines.push(`ENV_SH=${(host.installDir ?? DEFAULT_INSTALL_DIR).replace(/\/+$/, '')}/env.sh`);
      lines.push(`set_oauth ${shQuote(host.address)} ${shQuote(action.instance)} ${shQuote(ids)} ${action.secretVariable}`);
      for (const command of reload?.actions ?? []) lines.push(`run ${shQuote(host.address)} ${shQuote(renderAction(command))}`);
    }
    lines.push('');
  }
  lines.push('note "Then verify (rescan with campaign-audit) and clean up as the Markdown plan says."', '');
  return lines.join('\n');
}
