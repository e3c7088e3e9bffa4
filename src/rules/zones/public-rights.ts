// A security zone that grants a right weakening security to addresses beyond private networks
// (docs/rules/zones/public-rights.md), after Adobe, "Configure security zones"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/additional-configurations/security-zones):
// "each attribute with the true value reduces security", and an address gets the rights of its
// zone and of every zone around it, so a right set on a zone reaches the sub-networks of every
// zone inside it. Adobe also says "Never set allowEmptyPassword, allowUserPassword,
// allowSQLInjection to true": those are reported on any zone, a zone of private networks included.
import type { Severity } from '../../model.js';
import { attributePath } from '../../parse/effective-config.js';
import { describeEntry, trustedNetworks } from '../../parse/networks.js';
import { instanceZones, isTrue, maskOf, scopeOf, subNetworkLabel, subNetworksInward, ZONE_RIGHTS, zoneLabel, type SubNetwork, type ZoneModel, type ZoneRight } from '../../parse/security-zones.js';
import { capHits } from '../cap.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';

/** Severity of a right granted beyond private networks: a login without password first, then credentials in URLs and old SQL syntax. */
const PUBLIC_SEVERITY = {
  allowEmptyPassword: 'critical',
  allowUserPassword: 'high',
  allowSQLInjection: 'high',
  allowDebug: 'medium',
  allowHTTP: 'medium',
  sessionTokenOnly: 'medium',
  showErrors: 'medium',
} as const satisfies Record<ZoneRight, Severity>;

/** The rights Adobe says never to set, whatever the zone. */
const NEVER: ReadonlySet<ZoneRight> = new Set(['allowEmptyPassword', 'allowUserPassword', 'allowSQLInjection']);
const SHOWN = 3;

type Message = 'public' | 'never' | 'more';
type Hit = RuleHit<Message>;

export default defineRule({
  id: 'zones/public-rights',
  meta: {
    category: 'hardening',
    severity: 'high',
    severityNote: 'by right: critical (allowEmptyPassword), high (allowUserPassword, allowSQLInjection), medium (the others, and a "never" right on private networks only)',
    summary: 'A security zone grants a right that weakens security to public addresses',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      public: 'Zone "{zone}" ({scope}) sets {right}="true" in {file}, and reaches beyond private networks through {count} sub-network(s) of its own or of zones inside it: {networks}. Every address there gets {right}.',
      never: 'Zone "{zone}" ({scope}) sets {right}="true" in {file}; Adobe says never to set {right} to true, even for private networks ({networks}).',
      more: '{more} more findings of this rule for {scope} are not listed one by one (the zones are too many); this one carries the severity of the worst of them.',
    },
    tally: { unit: 'finding', one: '{count} zone right open too wide', other: '{count} zone rights open too wide' },
    remediation:
      'Set the right to "false" on that zone, or move the public sub-networks out of it and out of every zone inside it into a zone that does not grant it; networks opened on purpose go under hardening.allowedNetworks in the policy file. Check with /nl/jsp/ping.jsp?zones=true from an address of the zone.',
    remediations: {
      never: 'Set the right to "false". allowEmptyPassword: have every operator set a password by a deadline first; allowUserPassword: move API callers to session tokens; allowSQLInjection: rewrite expressions that use the old SQLDATA syntax.',
    },
  },
  check: ({ host, policy }) => {
    const trusted = trustedNetworks(policy.hardening.allowedNetworks);
    const byModel = new Map<ZoneModel, Omit<Hit, 'instance'>[]>();
    return instanceZones(host).flatMap((zones) => {
      let hits = byModel.get(zones.model);
      if (hits === undefined) {
        hits = judge(zones.model, (subNetwork) => !maskOf(subNetwork).every((entry) => trusted.coversEntry(entry)));
        byModel.set(zones.model, hits);
      }
      const scope = scopeOf(zones);
      return hits.map((hit): Hit => ({ ...hit, data: { ...hit.data, scope }, instance: zones.instance }));
    });
  },
});

/** The hits of one instance's zones, without the instance: zones shared by instances are judged once. */
function judge(model: ZoneModel, isPublic: (subNetwork: SubNetwork) => boolean): Omit<Hit, 'instance'>[] {
  const reach = subNetworksInward(model, isPublic, SHOWN);
  const all = subNetworksInward(model, () => true, SHOWN);
  const hits: Omit<Hit, 'instance'>[] = [];
  for (const zone of model.zones) {
    for (const right of ZONE_RIGHTS) {
      const setting = zone.attributes.get(right);
      if (setting === undefined || !isTrue(setting)) continue;
      const place = { file: setting.file, path: attributePath(setting.element, right) };
      const { count, first } = reach[zone.index] ?? { count: 0, first: [] };
      const data = { zone: zoneLabel(zone), right, file: setting.file };
      if (count > 0) {
        hits.push({ messageId: 'public', severity: PUBLIC_SEVERITY[right], data: { ...data, count, networks: describe(first, count, setting.file) }, ...place });
      } else if (NEVER.has(right)) {
        const inward = all[zone.index] ?? { count: 0, first: [] };
        const networks = inward.count === 0 ? 'no sub-network' : describe(inward.first, inward.count, setting.file);
        hits.push({ messageId: 'never', severity: 'medium', data: { ...data, networks }, ...place });
      }
    }
  }
  return capHits(hits, (more, severity) => ({ messageId: 'more', severity, data: { more }, file: null, path: null }));
}

function describe(first: readonly SubNetwork[], count: number, file: string): string {
  const named = first.map((subNetwork) => {
    const masks = maskOf(subNetwork).map(describeEntry).join(', ');
    const where = subNetwork.attributes.get('mask')?.file ?? subNetwork.file;
    return `subNetwork ${subNetworkLabel(subNetwork)} mask ${masks}${where === file ? '' : ` in ${where}`}`;
  });
  return count > named.length ? `${named.join('; ')} and ${count - named.length} more` : named.join('; ');
}
