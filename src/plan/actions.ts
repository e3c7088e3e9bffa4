// The one place a plan action becomes a command line: PlanStep.commands, the sh script and the
// Markdown runbook all print this text. Commands follow docs/campaign.md#technical-account
// (setimsoauth syntax, run as neolane on every container) and docs/campaign.md#after-setimsoauth
// (config -reload, module restarts, verification).
import { shellQuote } from '../render/shell.js';
import type { OAuthIds, PlanAction } from './model.js';

/** The IDs as setimsoauth takes them, `<PLACEHOLDER>` where the scan did not show one. */
export function oauthIdsText(ids: OAuthIds): string {
  return `${ids.orgId ?? '<IMS_ORG_ID>'}/${ids.clientId ?? '<CLIENT_ID>'}/${ids.technicalAccountId ?? '<TECHNICAL_ACCOUNT_ID>'}`;
}

export function renderAction(action: PlanAction): string {
  switch (action.kind) {
    case 'backup':
      return `cp -p -- ${shellQuote(action.file)} ${shellQuote(`${action.file}.bak`)}`;
    case 'set-oauth':
      return `nlserver config -instance:${action.instance} -setimsoauth:${oauthIdsText(action.ids)}/$${action.secretVariable}`;
    case 'reload':
      return 'nlserver config -reload';
    case 'restart':
      return `nlserver restart ${action.module}`;
    case 'verify':
      return action.check === 'rescan' ? 'campaign-audit scan --inventory <the inventory of this scan> -f json=after.json' : 'campaign-audit diff <this report> after.json';
  }
}
