// A sub-network that trusts X-Forwarded-For from public addresses (docs/rules/zones/proxy-spoofable.md),
// after Adobe, "Configure security zones", "Sub networks and proxies in a security zone"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/additional-configurations/security-zones):
// when a connection comes from an address of a sub-network's `proxy` list, the zone is judged
// from the X-Forwarded-For header instead, and "If a proxy is configured and it is possible to
// override it … the IP address that will be tested will be able to be falsified". A proxy entry
// beyond private, loopback and link-local networks (`*`, a public address or range, or an entry
// not understood) lets any client there claim an address of the sub-network, hence its zone.
import { attributePath } from '../../parse/effective-config.js';
import { describeEntry, parseMaskList, trustedNetworks, type NetworkSet } from '../../parse/networks.js';
import { grantedRights, instanceZones, maskOf, scopeOf, subNetworkLabel, zoneLabel, type ZoneModel } from '../../parse/security-zones.js';
import { capHits } from '../cap.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';

type Hit = RuleHit<'spoofable' | 'more'>;

export default defineRule({
  id: 'zones/proxy-spoofable',
  meta: {
    category: 'hardening',
    severity: 'medium',
    severityNote: 'high when the zone (with the zones around it) grants a right that weakens security',
    summary: 'A sub-network trusts X-Forwarded-For from public addresses, so a client can choose its zone',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      spoofable:
        'Sub-network {subNetwork} of zone "{zone}" ({scope}) trusts X-Forwarded-For from {proxies} (proxy set in {file}): a client there can claim any address of mask {mask} and be judged in zone "{zone}", which grants {rights}.',
      more: '{more} more findings of this rule for {scope} are not listed one by one (the zones are too many); this one carries the severity of the worst of them.',
    },
    tally: { unit: 'finding', one: '{count} sub-network spoofable through its proxy list', other: '{count} sub-networks spoofable through their proxy lists' },
    remediation:
      'List in proxy only the addresses of your own reverse proxies or relays (127.0.0.1 and ::1 for a local one), never * or a public range, and make sure each proxy overwrites X-Forwarded-For rather than passing on the client\'s; a public proxy address used on purpose goes under hardening.allowedNetworks in the policy file.',
  },
  check: ({ host, policy }) => {
    const trusted = trustedNetworks(policy.hardening.allowedNetworks);
    const byModel = new Map<ZoneModel, Omit<Hit, 'instance'>[]>();
    return instanceZones(host).flatMap((zones) => {
      let hits = byModel.get(zones.model);
      if (hits === undefined) {
        hits = judge(zones.model, trusted);
        byModel.set(zones.model, hits);
      }
      const scope = scopeOf(zones);
      return hits.map((hit): Hit => ({ ...hit, data: { ...hit.data, scope }, instance: zones.instance }));
    });
  },
});

function judge(model: ZoneModel, trusted: NetworkSet): Omit<Hit, 'instance'>[] {
  const granted = grantedRights(model);
  const hits: Omit<Hit, 'instance'>[] = [];
  for (const subNetwork of model.subNetworks) {
    // Without the attribute the proxy is 127.0.0.1 (the documented default): loopback, trusted.
    const proxy = subNetwork.attributes.get('proxy');
    if (proxy === undefined) continue;
    const open = parseMaskList(proxy.value).filter((entry) => !trusted.coversEntry(entry));
    if (open.length === 0) continue;
    const zone = model.zones[subNetwork.zone];
    if (zone === undefined) continue;
    const rights = [...(granted[zone.index]?.keys() ?? [])].sort();
    hits.push({
      messageId: 'spoofable',
      severity: rights.length > 0 ? 'high' : 'medium',
      data: {
        subNetwork: subNetworkLabel(subNetwork),
        zone: zoneLabel(zone),
        proxies: open.map(describeEntry).join(', '),
        file: proxy.file,
        mask: maskOf(subNetwork).map(describeEntry).join(', '),
        rights: rights.length > 0 ? rights.join(', ') : 'no right beyond logging on',
      },
      file: proxy.file,
      path: attributePath(proxy.element, 'proxy'),
    });
  }
  return capHits(hits, (more, severity) => ({ messageId: 'more', severity, data: { more }, file: null, path: null }));
}
