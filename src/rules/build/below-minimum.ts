// docs/campaign.md#builds: setimsoauth exists from 7.4.1 (build 9383). v7 decisions compare build numbers,
// never versions: "20.2.3 build 9182" is older than 7.4.1.
import { versionLabel } from '../../data/builds.js';
import { CLASSIC_ONLY, defineRule } from '../define.js';

export default defineRule({
  id: 'build/below-minimum',
  meta: {
    category: 'migration',
    severity: 'high',
    severityNote: 'critical when the host has a JWT instance and the cutoff has passed',
    summary: 'The Campaign Classic build is older than the minimum (7.4.1, build 9383)',
    products: CLASSIC_ONLY,
    requires: 'version',
    plan: 'none',
    messages: {
      below: 'Build {build} ({version}) is below the minimum {minVersion} (build {minBuild}); OAuth Server-to-Server (setimsoauth) needs 7.4.1 or later.',
      belowWithJwt: 'Build {build} ({version}) is below the minimum {minVersion} (build {minBuild}) while instance(s) {instances} still use JWT after the cutoff {cutoff}.',
    },
    tally: { unit: 'host', one: '{count} host below {minVersion}', other: '{count} hosts below {minVersion}' },
    remediation: 'Upgrade every container of the instance to the latest 7.4.x build (at least 7.4.1, build 9383) before switching to OAuth.',
  },
  check: ({ host, policy, isCutoffPassed }) => {
    const build = host.version?.build;
    if (build === undefined || build === null || build >= policy.minBuild) return [];
    const jwtInstances = host.instances.filter((instance) => instance.credential === 'jwt').map((instance) => instance.name);
    const isUrgent = jwtInstances.length > 0 && isCutoffPassed;
    const data = { build, version: versionLabel({ version: host.version?.version ?? null, build, sha: host.version?.sha ?? null }, policy.builds), minVersion: policy.minVersion, minBuild: policy.minBuild };
    return [isUrgent ? { messageId: 'belowWithJwt', severity: 'critical', data: { ...data, instances: jwtInstances.join(', '), cutoff: policy.cutoff } } : { messageId: 'below', data }];
  },
});
