// docs/campaign.md#builds: Adobe security bulletins name the v7 builds they affect and the build that
// fixes them (APSB26-142: "9401 and earlier are affected, 9402 is the fix"). The bulletins come
// from the build data in use (shipped builds.json, the policy's `builds:`, --builds), so a user
// can add a newer one without a release.
import { bulletinsAffecting, recommendedBuild, versionLabel } from '../../data/builds.js';
import { CLASSIC_ONLY, defineRule } from '../define.js';

export default defineRule({
  id: 'build/security-fix-missing',
  meta: {
    category: 'security',
    severity: 'high',
    summary: 'The Campaign Classic build is affected by a known Adobe security bulletin',
    products: CLASSIC_ONLY,
    requires: 'version',
    plan: 'none',
    messages: {
      affected: 'Build {build} ({version}) is affected by {count} known security bulletin(s): {bulletins}; the first build that fixes them all is {fixedBuild} ({fixedVersion}).',
      noFix: 'Build {build} ({version}) is affected by {count} known security bulletin(s): {bulletins}; the build data names no build that fixes {unfixed} yet: check Adobe\'s security bulletins.',
    },
    tally: { unit: 'host', one: '{count} host misses {bulletins}', other: '{count} hosts miss {bulletins}' },
    remediation: 'Upgrade every container to the recommended build (`campaign-audit builds` shows it: the newest GA build that no known bulletin affects), at least the first build that fixes the bulletins named. Bulletin data comes from Adobe\'s public security bulletins; add newer ones with --builds FILE.',
  },
  check: ({ host, policy, asOf }) => {
    const build = host.version?.build;
    if (build === undefined || build === null) return [];
    // A bulletin published after the as-of date was not known then: a scan replayed at an
    // earlier date says what was true on that date.
    const hits = bulletinsAffecting(build, policy.builds).filter((hit) => hit.bulletin.date <= asOf);
    if (hits.length === 0) return [];
    const version = versionLabel({ version: host.version?.version ?? null, build, sha: host.version?.sha ?? null }, policy.builds);
    const bulletins = hits.map((hit) => hit.bulletin.id).join(', ');
    const count = hits.length;
    const unfixed = hits.filter((hit) => hit.firstFixed === null).map((hit) => hit.bulletin.id);
    if (unfixed.length > 0) return [{ messageId: 'noFix', data: { build, version, count, bulletins, unfixed: unfixed.join(', ') } }];
    const fixed = hits.reduce((best, hit) => (hit.firstFixed !== null && hit.firstFixed.build > best.build ? hit.firstFixed : best), hits[0]?.firstFixed ?? { build: 0, label: '' });
    const recommended = recommendedBuild(policy.builds);
    return [{ messageId: 'affected', data: { build, version, count, bulletins, fixedBuild: fixed.build, fixedVersion: fixed.label, recommendedBuild: recommended.build, recommendedVersion: recommended.label } }];
  },
});
