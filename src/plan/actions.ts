// The one place a plan action becomes a command line: PlanStep.commands, the runners (sh,
// Ansible) and the Markdown runbook all print this text. Commands follow
// docs/campaign.md#technical-account (setimsoauth syntax, run as neolane on every container) and
// docs/campaign.md#after-setimsoauth (config -reload, module restarts, verification, backups
// named so that they do not look like an instance).
// Host commands run in Campaign's install dir after sourcing its env.sh; `$STAMP` is the
// run's timestamp (STAMP=$(date -u +%Y%m%dT%H%M%SZ)), set once so that the rollback finds the backup.
import { shellQuote } from '../render/shell.js';
import type { OAuthIds, PlanAction } from './model.js';

/** The IDs as setimsoauth takes them, `<PLACEHOLDER>` where the scan did not show one. */
export function oauthIdsText(ids: OAuthIds): string {
  return `${ids.orgId ?? '<IMS_ORG_ID>'}/${ids.clientId ?? '<CLIENT_ID>'}/${ids.technicalAccountId ?? '<TECHNICAL_ACCOUNT_ID>'}`;
}

/** The backup of `file`: beside it, the timestamp after `.xml` (docs/campaign.md#after-setimsoauth). */
export const backupName = (file: string): string => `${file}.$STAMP.bak`;

/** A word as sh reads it: bare when it holds nothing sh treats specially, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : shellQuote(value);
}

/**
 * The attributes that make an instance read as OAuth (docs/campaign.md#technical-account, the
 * default policy signatures): the three set, no private key.
 */
function checkOAuthCommand(file: string, clientId: string | null): string {
  const f = shellWord(file);
  const client = clientId === null ? `grep -q 'authIMSTAClientId="[^"]' ${f}` : `grep -qF ${shellQuote(`authIMSTAClientId="${clientId}"`)} ${f}`;
  return `${client} && grep -q 'authIMSTAClientSecret="[^"]' ${f} && grep -q 'authIMSTAId="[^"]' ${f} && ! grep -q 'authIMSTAPrivateKey="[^"]' ${f}`;
}

export function renderAction(action: PlanAction): string {
  switch (action.kind) {
    case 'backup':
      return `cp -p -- ${shellWord(action.file)} "${backupName(action.file)}"`;
    case 'restore':
      return `cp -p -- "${backupName(action.file)}" ${shellWord(action.file)}`;
    case 'set-oauth':
      return `nlserver config -instance:${action.instance} -setimsoauth:${oauthIdsText(action.ids)}/$${action.secretVariable}`;
    case 'reload':
      return 'nlserver config -reload';
    case 'restart':
      return `nlserver restart ${action.module}`;
    case 'check-oauth':
      return checkOAuthCommand(action.file, action.clientId);
    case 'verify':
      if (action.check === 'diff') return 'campaign-audit diff <this report> after.json';
      return `campaign-audit scan ${action.options === null ? '<the source options of this scan>' : action.options.map(shellWord).join(' ')} -f json=after.json`;
  }
}

/** Does the action run on a Campaign host (not where campaign-audit runs)? */
export const isHostAction = (action: PlanAction): boolean => action.kind !== 'verify';
