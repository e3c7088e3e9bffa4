// The plan as a POSIX sh script. A dry run by default: it prints, host by host, where it would
// connect and every command it would run. With --execute (after a confirmation, or --yes) it
// runs each host's steps over ssh, one host at a time: backup, setimsoauth, reload and
// restarts, then a re-read of the instance file; the first failure stops it and prints that
// host's rollback (docs/plan.md). Each host is reached by the route the scan recorded
// (route.ts); a host without one is left to a person. Which instances and hosts it runs, and
// why it leaves the others, it reads from the plan (runnable.ts), as the Ansible playbook does.
// No secret is ever in the script: the client secret comes from an environment variable at
// run time and travels to the host on ssh's stdin, not on a command line.
import { printableLine } from '../render/text.js';
import { shellQuote } from '../render/shell.js';
import { oauthIdsText, renderAction, shellWord } from './actions.js';
import type { InstancePlan, Plan, PlanHost } from './model.js';
import { SKIP_TEXT } from './notices.js';
import { DEFAULT_INSTALL_DIR } from '../engine/policy.js';
import { loginOf, remoteCommand, routeText, sshOptions } from './route.js';
import { instanceRunOf, type InstanceRun, type SetOAuthAction } from './runnable.js';

/**
 * Report text for a `#` comment or a printed note: one line, no control or bidirectional
 * character, so the script reads as it runs and its output cannot drive the terminal.
 */
const commentText = printableLine;

/** A note the script prints: quoted for sh, and made printable first. */
function note(text: string): string {
  return `note ${shellQuote(commentText(text))}`;
}

/** Quotes `text` for sh, leaving each `$STAMP` to expand when the script runs. */
function withStamp(text: string): string {
  return text
    .split('$STAMP')
    .map((part) => (part === '' ? '' : shellQuote(part)))
    .join('"$STAMP"');
}

const HEADER = [
  'set -eu',
  // $SSH is split into words (CAMPAIGN_AUDIT_SSH may hold options), never globbed.
  'set -f',
  'EXECUTE=0',
  'YES=0',
  'for arg in "$@"; do',
  '  case $arg in',
  '    --execute) EXECUTE=1 ;;',
  '    --yes) YES=1 ;;',
  '    *) echo "usage: $0 [--execute [--yes]]" >&2; exit 2 ;;',
  '  esac',
  'done',
  'SSH=${CAMPAIGN_AUDIT_SSH:-ssh}',
  '# The backups of this run are named with this time (UTC); the rollback restores them.',
  'STAMP=$(date -u +%Y%m%dT%H%M%SZ)',
  "HOST=''",
  "ROLLBACK=''",
  '',
  "note() { printf '%s\\n' \"$*\"; }",
  '',
  '# fail MESSAGE: stops at the first failure; prints the rollback of the host in progress.',
  'fail() {',
  "  printf 'campaign-audit plan: %s\\n' \"$1\" >&2",
  '  if [ -n "$ROLLBACK" ]; then',
  "    printf 'campaign-audit plan: stopped. To roll back %s, run there as for its steps:\\n  %s\\n' \"$HOST\" \"$ROLLBACK\" >&2",
  '  else',
  "    printf 'campaign-audit plan: stopped before %s was changed.\\n' \"$HOST\" >&2",
  '  fi',
  '  exit 1',
  '}',
  '',
  '# host NAME ROUTE: the host whose steps follow, and where it is reached.',
  'host() {',
  '  HOST=$1',
  "  ROLLBACK=''",
  "  if [ \"$EXECUTE\" -eq 1 ]; then printf '== %s (%s)\\n' \"$1\" \"$2\"; else printf '[dry-run] == %s (%s)\\n' \"$1\" \"$2\"; fi",
  '}',
  '',
  '# step ROUTE TEXT REMOTE [SECRET_VARIABLE]: prints TEXT, then runs REMOTE over the host\'s',
  '# route with the run\'s STAMP; stdin is the secret (read by the remote shell) or nothing.',
  'step() {',
  "  if [ \"$EXECUTE\" -eq 0 ]; then printf '[dry-run] %s: %s\\n' \"$HOST\" \"$2\"; return 0; fi",
  "  printf '[%s] %s\\n' \"$HOST\" \"$2\"",
  '  if [ $# -ge 4 ]; then',
  '    eval "secret=\\${$4:-}"',
  "    printf '%s\\n' \"$secret\" | \"$1\" \"$3\" \"$STAMP\" || fail \"$HOST: failed: $2\"",
  '  else',
  '    "$1" "$3" "$STAMP" </dev/null || fail "$HOST: failed: $2"',
  '  fi',
  '}',
  '',
  '# check ROUTE TEXT REMOTE MESSAGE: like step; a failure stops with MESSAGE.',
  'check() {',
  "  if [ \"$EXECUTE\" -eq 0 ]; then printf '[dry-run] %s: %s\\n' \"$HOST\" \"$2\"; return 0; fi",
  "  printf '[%s] %s\\n' \"$HOST\" \"$2\"",
  '  "$1" "$3" "$STAMP" </dev/null || fail "$HOST: $4"',
  '}',
  '',
];

/** The set-oauth command as the remote shell runs it: the secret is read from stdin into $s. */
function setOAuthRemote(action: SetOAuthAction): string {
  return `IFS= read -r s && nlserver config -instance:${action.instance} "-setimsoauth:${oauthIdsText(action.ids)}/$s"`;
}

/** An instance with hosts the script runs on, for the checks made before anything runs. */
interface RunnableInstance {
  instance: InstancePlan;
  setOAuth: SetOAuthAction;
  hosts: PlanHost[];
}

/** What the script prints for an instance whose steps buildPlan left to a person, for each reason it gives. */
const BY_HAND_TEXT = {
  'unsafe-instance-name': (instance) => `instance ${instance.instance}: its name holds characters unsafe in a command line; run its steps by hand (see the Markdown plan)`,
} satisfies Record<Extract<InstanceRun, { kind: 'by-hand' }>['reason'], (instance: InstancePlan) => string>;

export function renderPlanSh(plan: Plan): string {
  const lines: string[] = [
    '#!/bin/sh',
    `# campaign-audit migration plan (as of ${commentText(plan.asOf)}; report generated ${commentText(plan.source.generatedAt)}).`,
    `# JWT phase: ${commentText(plan.phase.summary)}.`,
    '# DRY RUN by default: prints, host by host, where it connects and each command it would run.',
    '#   ./plan.sh --execute [--yes]   runs them, one host at a time (asks first unless --yes):',
    '#   back up config-<instance>.xml (cp -p, timestamped), setimsoauth (the secret on stdin),',
    '#   reload and restart, re-read the file; the first failure stops and prints the rollback.',
    '# Each host is reached as the scan reached it (address, port, user, jump hosts, keys,',
    '# known_hosts checked strictly, sudo user). CAMPAIGN_AUDIT_SSH replaces `ssh` and may hold',
    '# options, e.g. "ssh -o ConnectTimeout=10". A host with no recorded route is left to you.',
    '# Secrets are never in this file: export the CAMPAIGN_OAUTH_SECRET_* variables named below.',
    '# Upgrades, the rescan and the cleanup are manual steps (see the Markdown plan, docs/plan.md).',
    ...HEADER,
  ];
  const runnable: RunnableInstance[] = [];
  const body: string[] = [];
  let routeIndex = 0;
  for (const instance of plan.instances) {
    body.push(`# ---- instance ${commentText(instance.instance)}: ${instance.state}`);
    const run = instanceRunOf(instance);
    if (run.kind === 'by-hand') {
      body.push(note(BY_HAND_TEXT[run.reason](instance)), '');
      continue;
    }
    if (run.kind === 'nothing') {
      body.push(note(`instance ${instance.instance}: nothing to run (${instance.state})`), '');
      continue;
    }
    const ids = oauthIdsText(run.setOAuth.ids);
    if (instance.hasMissingIds) body.push(note(`instance ${instance.instance}: fill in ${ids} in this script before --execute`));
    body.push(note(`instance ${instance.instance}: client secret from $${run.setOAuth.secretVariable}`));
    const hosts: PlanHost[] = [];
    for (const entry of run.hosts) {
      if (entry.skip !== null) {
        body.push(note(SKIP_TEXT[entry.skip](entry.host, plan)));
        continue;
      }
      const { host } = entry;
      hosts.push(host);
      const { route } = host;
      const fn = `route_${++routeIndex}`;
      const become = route.become;
      const remote = (command: string): string => shellQuote(remoteCommand(command, host.installDir, become));
      body.push(`# host ${commentText(host.name)}: ${commentText(routeText(route))}`);
      body.push(`${fn}() { $SSH ${[...sshOptions(route, route.knownHosts), '--', loginOf(route)].map(shellWord).join(' ')} "$@"; }`);
      body.push(`host ${shellQuote(commentText(host.name))} ${shellQuote(commentText(routeText(route)))}`);
      for (const action of run.hostActions) {
        const text = renderAction(action);
        if (action.kind === 'set-oauth') body.push(`step ${fn} ${shellQuote(text)} ${remote(setOAuthRemote(action))} ${action.secretVariable}`);
        else if (action.kind === 'check-oauth') {
          body.push(`check ${fn} ${shellQuote(`re-read ${action.file}: it must now read as OAuth`)} ${remote(text)} ${shellQuote(`${action.file} does not read as OAuth after setimsoauth (the OAuth attributes are missing, or a private key is still set: see the cleanup step)`)}`);
        } else body.push(`step ${fn} ${withStamp(text)} ${remote(text)}`);
        if (action.kind === 'backup') {
          const rollback = instance.rollback.map(renderAction).join(' && ');
          body.push(`ROLLBACK=${withStamp(`cd ${host.installDir ?? DEFAULT_INSTALL_DIR} && . ./env.sh && ${rollback}`)}`);
        }
      }
      body.push("ROLLBACK=''");
    }
    if (hosts.length > 0) runnable.push({ instance, setOAuth: run.setOAuth, hosts });
    body.push('');
  }

  // Checked before anything runs: a missing secret or ID must not stop the run half-way.
  const total = runnable.reduce((sum, entry) => sum + entry.hosts.length, 0);
  lines.push('if [ "$EXECUTE" -eq 1 ]; then');
  for (const { instance, setOAuth } of runnable) {
    if (instance.hasMissingIds) lines.push(`  echo ${shellQuote(`campaign-audit plan: instance ${commentText(instance.instance)} has IDs to fill in (<placeholders>); nothing was run`)} >&2; exit 2`);
    lines.push(`  if [ -z "\${${setOAuth.secretVariable}:-}" ]; then echo ${shellQuote(`campaign-audit plan: ${setOAuth.secretVariable} is not set; export the OAuth client secret first; nothing was run`)} >&2; exit 2; fi`);
  }
  lines.push(
    `  if [ "$YES" -eq 0 ] && [ ${total} -gt 0 ]; then`,
    `    printf 'This runs setimsoauth, reload and restarts on %s host(s), one at a time. Type yes to go on: ' ${total} >&2`,
    "    read -r answer || answer=''",
    '    if [ "$answer" != yes ]; then echo "campaign-audit plan: not confirmed; nothing was run" >&2; exit 1; fi',
    '  fi',
    'fi',
    'if [ "$EXECUTE" -eq 0 ]; then note \'[dry-run] nothing is run here; ./plan.sh --execute runs the host steps below\'; fi',
    '',
    ...body,
    'note "Then verify (rescan with campaign-audit, diff) and clean up as the Markdown plan says."',
    '',
  );
  return lines.join('\n');
}
