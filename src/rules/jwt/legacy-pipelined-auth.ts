// docs/campaign.md#other-credentials: the pre-Adobe I/O "JWT assertion" mode of Triggers used
// pipelined@appName and pipelined@authPrivateKey; it was retired on 2021-10-20.
// authType="imsJwtToken" is NOT flagged: it is still the documented value for the IMS technical
// account after the OAuth switch.
import type { RuleHit } from '../define.js';
import { CLASSIC_ONLY, defineRule } from '../define.js';
import { locateAttribute } from '../locate.js';

const PIPELINED = 'serverconf/pipelined';
const LEGACY_ATTRIBUTES = ['appName', 'authPrivateKey'] as const;

export default defineRule({
  id: 'jwt/legacy-pipelined-auth',
  meta: {
    category: 'migration',
    severity: 'high',
    summary: 'pipelined still holds the retired JWT-assertion authentication (appName / authPrivateKey)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'pipelined',
    messages: {
      effective: 'Instance {instance}: pipelined@{attribute} is set in {file}; this legacy JWT-assertion authentication was retired on 2021-10-20.',
      stranded: 'pipelined@{attribute} is set in {file} (not effective for any instance); this legacy JWT-assertion authentication was retired on 2021-10-20.',
    },
    tally: { unit: 'host', one: '{count} host with the retired pipelined authentication', other: '{count} hosts with the retired pipelined authentication' },
    remediation:
      'Remove appName and authPrivateKey from the pipelined element, set authType="imsJwtToken" so pipelined uses the instance technical account, then `nlserver config -reload` and `nlserver restart pipelined@<instance>`.',
  },
  check: ({ host }) => {
    const hits: RuleHit<'effective' | 'stranded'>[] = [];
    for (const attribute of LEGACY_ATTRIBUTES) {
      const { effective, stranded } = locateAttribute(host, PIPELINED, attribute);
      for (const hit of effective) {
        hits.push({ messageId: 'effective', data: { instance: hit.instance ?? '', attribute, file: hit.file }, instance: hit.instance, file: hit.file, path: hit.path });
      }
      for (const hit of stranded) {
        hits.push({ messageId: 'stranded', data: { attribute, file: hit.file }, file: hit.file, path: hit.path });
      }
    }
    return hits;
  },
});
