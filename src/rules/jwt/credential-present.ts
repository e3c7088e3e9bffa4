// DOMAIN.md §2: a non-empty authIMSTAPrivateKey on serverconf/shared/ims is the JWT marker
// (setimsjwtauth writes the key; setimsoauth takes none). DESIGN.md §6 for the severities.
import { CLASSIC_ONLY, defineRule } from '../define.js';
import { locateAttribute } from '../locate.js';

export default defineRule({
  id: 'jwt/credential-present',
  severity: 'high',
  summary: 'A Service Account (JWT) private key is still configured',
  products: CLASSIC_ONLY,
  messages: {
    afterCutoff: 'Instance {instance} still authenticates with a Service Account (JWT) private key set in {file}; the JWT cutoff {cutoff} passed {days} days ago.',
    beforeCutoff: 'Instance {instance} still authenticates with a Service Account (JWT) private key set in {file}; the JWT cutoff {cutoff} is in {days} days.',
    stranded: 'A Service Account (JWT) private key is set in {file} but is not effective for any instance ({why}); remove it.',
  },
  remediation:
    'Upgrade every container of the instance to 7.4.1 or later, create an OAuth Server-to-Server credential, run `nlserver config -instance:<name> -setimsoauth:<org>/<client>/<ta>/$CLIENT_SECRET` as neolane on every container, `nlserver config -reload` and restart the modules, rescan, then remove authIMSTAPrivateKey and delete the JWT credential in Developer Console.',
  check: ({ host, policy, isCutoffPassed, daysSinceCutoff }) => {
    const { effective, stranded } = locateAttribute(host, policy.signatures.imsElement, policy.signatures.privateKey);
    return [
      ...effective.map((hit) => ({
        messageId: isCutoffPassed ? ('afterCutoff' as const) : ('beforeCutoff' as const),
        severity: isCutoffPassed ? ('critical' as const) : ('high' as const),
        data: { instance: hit.instance ?? '', file: hit.file, cutoff: policy.cutoff, days: Math.abs(daysSinceCutoff) },
        instance: hit.instance,
        file: hit.file,
        path: hit.path,
      })),
      ...stranded.map((hit) => ({
        messageId: 'stranded' as const,
        severity: 'medium' as const,
        // config-default.xml is read by the multi-instance modules only (DOMAIN.md §1).
        data: { file: hit.file, why: hit.file.endsWith('/config-default.xml') ? 'config-default.xml is read only by multi-instance modules such as web' : 'overridden in every instance file' },
        file: hit.file,
        path: hit.path,
      })),
    ];
  },
});
