// What the words in the reports mean, for a reader who is not a Campaign administrator: the
// credential classes of an instance and the severities. Keyed by the unions, so a new class or
// severity without a line here fails to compile.
import type { Credential, Severity } from '../model.js';
import { escapeHtml, severityBadge } from './html-kit.js';
import { SEVERITIES_DESC } from '../render/text.js';

export const CREDENTIAL_MEANING = {
  jwt: 'A Service Account (JWT) private key is in effect. Adobe retired JWT credentials: this instance must move to OAuth.',
  oauth: 'OAuth Server-to-Server: client id, client secret and technical account id are set and no private key is. Migrated.',
  incomplete: 'Some technical-account settings are present, but neither a complete OAuth credential nor a JWT key. The migration was started and not finished.',
  unknown: 'A configuration file this instance depends on could not be read, so its credential is not known.',
  none: 'No technical account is configured. Nothing to migrate for this instance.',
} as const satisfies Record<Credential, string>;

export const SEVERITY_MEANING = {
  critical: 'Broken or about to break now: a JWT key in effect after the cutoff, or such an instance on a build too old for OAuth.',
  high: 'Blocks or endangers the migration: old build, partial OAuth setup, retired authentication, clear-text secret, unreadable configuration, hosts of one instance that differ.',
  medium: 'Should be fixed: build not readable, a key that is configured but not in effect, native API access still open.',
  low: 'Minor; no rule is low by default, a policy file may lower one to it.',
  info: 'For information only, e.g. a Campaign v8 host, outside this migration.',
} as const satisfies Record<Severity, string>;

export function legendSection(failOn: Severity | 'none'): string {
  const credentials = (Object.entries(CREDENTIAL_MEANING) as [Credential, string][])
    .map(([credential, meaning]) => `<dt><span class="cred cred-${credential}"><b>${credential}</b></span></dt><dd>${meaning}</dd>`)
    .join('');
  const severities = SEVERITIES_DESC.map((severity) => `<dt>${severityBadge(severity)}</dt><dd>${SEVERITY_MEANING[severity]}</dd>`).join('');
  const gate = failOn === 'none' ? 'The gate is off: no severity fails the scan.' : `The scan fails on open findings at ${escapeHtml(failOn)} or above; waived findings do not count.`;
  return `<section id="legend" class="legend">
<h2>How to read this report</h2>
<div class="legend-columns">
<div><h3>Credential of an instance</h3><dl>${credentials}</dl></div>
<div><h3>Severity</h3><dl>${severities}</dl><p class="detail">${gate}</p></div>
</div>
</section>`;
}
