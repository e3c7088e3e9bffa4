// docs/campaign.md#version-banner: the version comes from the "Application server for Adobe
// Campaign" line of nlserver output; without it the build cannot be judged against 7.4.1. Only a
// printed build number counts (same page): a version string alone is never mapped to a build.
import { CLASSIC_ONLY, defineRule } from '../define.js';

export default defineRule({
  id: 'build/unknown',
  meta: {
    category: 'migration',
    severity: 'medium',
    summary: 'The Campaign build could not be read',
    products: CLASSIC_ONLY,
    requires: 'version',
    plan: 'none',
    messages: {
      noVersion: 'No "Application server for Adobe Campaign" line was found in the nlserver pdump output ({reason}); the build cannot be checked.',
      bannerWithoutNumbers: 'The "Application server for Adobe Campaign" line of the nlserver pdump output names neither a version nor a build number (a template or a redacted banner); the build cannot be checked.',
      noBuild: 'Version {version} was read but no build number; a version string does not name a build (different builds print the same one), so the build cannot be checked against the minimum.',
    },
    tally: { unit: 'host', one: '{count} host whose build could not be read', other: '{count} hosts whose build could not be read' },
    remediation: 'Check that nlserver runs for the audited user (env.sh sourced), or capture `nlserver pdump` output into pdump.txt for offline scans.',
  },
  check: ({ host }) => {
    if (host.version === null && host.pdumpProblem === 'banner-without-numbers') return [{ messageId: 'bannerWithoutNumbers', data: {} }];
    if (host.version === null) return [{ messageId: 'noVersion', data: { reason: host.pdumpError ?? 'no version line' } }];
    if (host.version.build === null) return [{ messageId: 'noBuild', data: { version: host.version.version ?? 'unknown' } }];
    return [];
  },
});
