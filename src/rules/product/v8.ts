// docs/campaign.md#version-banner ("Campaign v8"): Campaign v8 is Managed Cloud Services; from
// 8.7.1 Adobe migrates its outbound integrations to OAuth itself. v8 is recognised by the "8."
// version prefix only.
import { defineRule, V8_ONLY } from '../define.js';

export default defineRule({
  id: 'product/v8',
  meta: {
    category: 'migration',
    severity: 'info',
    summary: 'The host runs Campaign v8, out of scope of this migration',
    products: V8_ONLY,
    requires: 'version',
    plan: 'none',
    messages: {
      v8: 'The host runs Campaign v8 ({version}), out of scope of this migration (from 8.7.1 Adobe migrates v8 outbound integrations to OAuth itself); only file hygiene rules apply here.',
    },
    tally: { unit: 'host', one: '{count} Campaign v8 host (out of scope)', other: '{count} Campaign v8 hosts (out of scope)' },
    remediation: 'Nothing to migrate with this tool; follow Adobe\'s Campaign v8 release notes.',
  },
  check: ({ host }) => (host.version?.product === 'v8' ? [{ messageId: 'v8', data: { version: host.version.version ?? 'unknown' } }] : []),
});
