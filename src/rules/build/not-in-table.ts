// docs/campaign.md#builds: the build table goes stale within weeks of every release. A v7 build newer
// than the newest known one is judged by its number (at or above the minimum is fine), and
// this finding says that the build data does not know it, so its bulletins are unknown too.
import { newestBuild } from '../../data/builds.js';
import { CLASSIC_ONLY, defineRule } from '../define.js';

export default defineRule({
  id: 'build/not-in-table',
  meta: {
    category: 'security',
    severity: 'info',
    summary: 'The Campaign Classic build is newer than the newest build in the build data',
    products: CLASSIC_ONLY,
    requires: 'version',
    plan: 'none',
    messages: {
      newer: 'Build {build} is newer than the newest build in the build data ({newest}, checked {checkedAt}); it is judged by its number, but security bulletins about it are unknown: update campaign-audit or add the build with --builds FILE.',
    },
    tally: { unit: 'host', one: '{count} host on a build newer than the build data', other: '{count} hosts on builds newer than the build data' },
    remediation: 'Update campaign-audit, or add the build (and any newer security bulletin) with --builds FILE or the policy\'s builds: key; `campaign-audit builds` prints the table in use.',
  },
  check: ({ host, policy }) => {
    const build = host.version?.build;
    if (build === undefined || build === null) return [];
    const newest = newestBuild(policy.builds);
    return build > newest ? [{ messageId: 'newer', data: { build, newest, checkedAt: policy.builds.checkedAt } }] : [];
  },
});
