// docs/rules/README.md#credential-classes: OAuth needs authIMSTAClientId, authIMSTAClientSecret
// and authIMSTAId on serverconf/shared/ims (what setimsoauth is expected to write,
// docs/campaign.md#technical-account) and build >= 9383.
import { OAUTH_MIN_BUILD } from '../../data/builds.js';
import { getValue, isSet } from '../../parse/effective-config.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';

export default defineRule({
  id: 'oauth/incomplete',
  meta: {
    category: 'migration',
    severity: 'high',
    summary: 'An instance has a partial technical-account configuration',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      missing: 'Instance {instance} has a partial technical account: {missing} not set.',
      tooOld: 'Instance {instance} has OAuth technical-account attributes but build {build} is older than 7.4.1, which cannot use them.',
    },
    tally: { unit: 'instance', one: '{count} instance with a partial technical account', other: '{count} instances with a partial technical account' },
    remediation: 'Run `nlserver config -instance:<name> -setimsoauth:<org>/<client>/<ta>/$CLIENT_SECRET` as neolane on every container (build 7.4.1 or later) so that client id, client secret and technical account id are all set, then `nlserver config -reload`.',
  },
  check: ({ host, policy }) =>
    host.instances
      .filter((instance) => instance.credential === 'incomplete')
      .map((instance): RuleHit<'missing' | 'tooOld'> => {
        const { imsElement, clientId, clientSecret, technicalAccountId } = policy.signatures;
        const missing = [clientId, clientSecret, technicalAccountId].filter((name) => !isSet(getValue(instance.config, imsElement, name)));
        const build = host.version?.build ?? null;
        if (missing.length === 0 && build !== null && build < OAUTH_MIN_BUILD) {
          return { messageId: 'tooOld', data: { instance: instance.name, build }, instance: instance.name, file: instance.file, path: imsElement };
        }
        return { messageId: 'missing', data: { instance: instance.name, missing: missing.join(', ') }, instance: instance.name, file: instance.file, path: imsElement };
      }),
});
