// Campaign's security zones of an instance (docs/rules/zones/public-rights.md#how-zones-are-read),
// after Adobe, "Configure security zones"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/additional-configurations/security-zones)
// and "The server configuration file", securityZone and subNetwork
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/appendices/the-server-configuration-file#securityzone).
//
// Zones nest: each <securityZone> holds <subNetwork> elements and more zones. Repeated elements
// of one path are merged by the effective configuration, so zones are read here from the parsed
// trees. An instance's zones are serverConf.xml's, then config-<instance>.xml's over them: a zone
// of the instance file matches the zone of the same name (under the same enclosing zone, else
// anywhere), its attributes win one by one, and its sub-networks are added, or win attribute by
// attribute over a sub-network of the same name (or id) in that zone.
//
// Bounded: every walk is a loop over an explicit stack or over the zones in order, never a
// recursion, so a hostile file (100k zones, any nesting) costs time linear in its elements.
import type { ConfigFile, ConfigValue, HostFacts, XmlElement } from '../model.js';
import { parseMaskList, type MaskEntry } from './networks.js';

/** The rights a zone grants (Adobe: "each attribute with the true value reduces security"); all default to false. */
export const ZONE_RIGHTS = ['allowDebug', 'allowEmptyPassword', 'allowHTTP', 'allowSQLInjection', 'allowUserPassword', 'sessionTokenOnly', 'showErrors'] as const;
export type ZoneRight = (typeof ZONE_RIGHTS)[number];

/** A sub-network's proxy when the attribute is absent (the documented default). */
export const DEFAULT_PROXY = '127.0.0.1';

export interface SecurityZone {
  /** Position in ZoneModel.zones: enclosing zones always come first. */
  readonly index: number;
  /** The enclosing zone's index; null for a top-level zone. */
  readonly parent: number | null;
  /** 0 for a top-level zone. */
  readonly depth: number;
  /** @name, or null when the zone has none. */
  readonly name: string | null;
  /** Where the zone is first declared. */
  readonly file: string;
  readonly element: string;
  /** Attributes after the overlay, each with the file and element that set it. */
  readonly attributes: ReadonlyMap<string, ConfigValue>;
}

export interface SubNetwork {
  readonly index: number;
  /** The zone that declares it. */
  readonly zone: number;
  /** @name, else @id (Adobe's snippets use both), else null. */
  readonly name: string | null;
  readonly file: string;
  readonly element: string;
  readonly attributes: ReadonlyMap<string, ConfigValue>;
}

/** One instance's zones, flat: `zones` in document order (an enclosing zone before its zones), `subNetworks` likewise. */
export interface ZoneModel {
  readonly zones: readonly SecurityZone[];
  readonly subNetworks: readonly SubNetwork[];
}

/** One parsed file of the overlay, the earliest first. */
export interface ZoneLayer {
  readonly file: string;
  readonly root: XmlElement;
}

interface Building {
  index: number;
  parent: number | null;
  depth: number;
  name: string | null;
  file: string;
  element: string;
  attributes: Map<string, ConfigValue>;
  /** The layer that created it: a layer only merges into what earlier layers declared. */
  layer: number;
}

const isZone = (element: XmlElement): boolean => element.name.toLowerCase() === 'securityzone';
// Adobe's proxy example writes `<subnetwork …>`: element names are matched without case.
const isSubNetwork = (element: XmlElement): boolean => element.name.toLowerCase() === 'subnetwork';

function nameOf(element: XmlElement, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = element.attributes[key]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return null;
}

function attributesOf(element: XmlElement, file: string): Map<string, ConfigValue> {
  const attributes = new Map<string, ConfigValue>();
  for (const [name, value] of Object.entries(element.attributes)) attributes.set(name, { value, file, element: element.path });
  return attributes;
}

function overlay(target: Building, element: XmlElement, file: string): void {
  for (const [name, value] of Object.entries(element.attributes)) target.attributes.set(name, { value, file, element: element.path });
}

/** The zones of `layers`, each later layer over the earlier ones. Never throws; a file without zones adds nothing. */
export function readSecurityZones(layers: readonly ZoneLayer[]): ZoneModel {
  const zones: Building[] = [];
  const subNetworks: Building[] = [];
  const zoneByPlace = new Map<string, number>();
  const zoneByName = new Map<string, number>();
  const subNetworkByPlace = new Map<string, number>();
  const place = (parent: number | null, name: string): string => `${parent ?? ''}\u0000${name}`;
  const earlier = (found: number | undefined, list: Building[], layer: number): number | undefined =>
    found !== undefined && (list[found] as Building).layer < layer ? found : undefined;

  layers.forEach(({ file, root }, layer) => {
    // [element, enclosing zone]; children pushed in reverse so they are taken in document order.
    const stack: [XmlElement, number | null][] = [[root, null]];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [element, parent] = next;
      if (isZone(element)) {
        const name = nameOf(element, 'name');
        const match = name === null ? undefined : (earlier(zoneByPlace.get(place(parent, name)), zones, layer) ?? earlier(zoneByName.get(name), zones, layer));
        let index: number;
        if (match !== undefined) {
          index = match;
          overlay(zones[match] as Building, element, file);
        } else {
          index = zones.length;
          const depth = parent === null ? 0 : (zones[parent] as Building).depth + 1;
          zones.push({ index, parent, depth, name, file, element: element.path, attributes: attributesOf(element, file), layer });
          if (name !== null) {
            if (!zoneByPlace.has(place(parent, name))) zoneByPlace.set(place(parent, name), index);
            if (!zoneByName.has(name)) zoneByName.set(name, index);
          }
        }
        for (let child = element.children.length - 1; child >= 0; child -= 1) stack.push([element.children[child] as XmlElement, index]);
      } else if (parent !== null) {
        // Inside a zone only sub-networks and zones count; anything else is not descended into.
        if (!isSubNetwork(element)) continue;
        const name = nameOf(element, 'name', 'id');
        const match = name === null ? undefined : earlier(subNetworkByPlace.get(place(parent, name)), subNetworks, layer);
        if (match !== undefined) overlay(subNetworks[match] as Building, element, file);
        else {
          const index = subNetworks.length;
          subNetworks.push({ index, parent, depth: 0, name, file, element: element.path, attributes: attributesOf(element, file), layer });
          if (name !== null && !subNetworkByPlace.has(place(parent, name))) subNetworkByPlace.set(place(parent, name), index);
        }
      } else {
        for (let child = element.children.length - 1; child >= 0; child -= 1) stack.push([element.children[child] as XmlElement, null]);
      }
    }
  });
  return {
    zones: zones.map(({ index, parent, depth, name, file, element, attributes }) => ({ index, parent, depth, name, file, element, attributes })),
    subNetworks: subNetworks.map(({ index, parent, name, file, element, attributes }) => ({ index, zone: parent as number, name, file, element, attributes })),
  };
}

/** True when the file declares a security zone anywhere (an iterative search). */
export function hasSecurityZones(root: XmlElement): boolean {
  const stack: XmlElement[] = [root];
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    if (isZone(element)) return true;
    for (const child of element.children) stack.push(child);
  }
  return false;
}

/** Campaign's boolean attributes: `true` (or `1`), any case, spaces ignored. */
export function isTrue(value: ConfigValue | undefined): boolean {
  const text = value?.value.trim().toLowerCase();
  return text === 'true' || text === '1';
}

/** A right that a zone's addresses get, and the zone whose attribute grants it. */
export interface GrantedRight {
  readonly zone: number;
  readonly setting: ConfigValue;
}

/**
 * The rights each zone's addresses get: those set to true on the zone or on any zone around it
 * (Adobe: an address in several zones "receives the set of available rights for each zone", and
 * an address of a nested zone is in every zone around it). A right set on several zones of the
 * chain is named by the innermost. One map per zone, by zone index; linear in the zones.
 */
export function grantedRights(model: ZoneModel): readonly ReadonlyMap<ZoneRight, GrantedRight>[] {
  const granted: Map<ZoneRight, GrantedRight>[] = [];
  for (const zone of model.zones) {
    const rights = new Map(zone.parent === null ? [] : granted[zone.parent]);
    for (const right of ZONE_RIGHTS) {
      const setting = zone.attributes.get(right);
      if (setting !== undefined && isTrue(setting)) rights.set(right, { zone: zone.index, setting });
      // A false value on an inner zone takes nothing away: the address is still in the outer zone.
    }
    granted.push(rights);
  }
  return granted;
}

/** The sub-networks of a zone and of every zone inside it that pass a test: how many, and the first few. */
export interface InwardSubNetworks {
  readonly count: number;
  /** At most `keep` of them, in document order. */
  readonly first: readonly SubNetwork[];
}

/** For each zone (by index), the sub-networks in it or in the zones it encloses that pass `test`. Linear in zones and sub-networks. */
export function subNetworksInward(model: ZoneModel, test: (subNetwork: SubNetwork) => boolean, keep = 3): readonly InwardSubNetworks[] {
  const counts = model.zones.map(() => 0);
  const first: SubNetwork[][] = model.zones.map(() => []);
  for (const subNetwork of model.subNetworks) {
    if (!test(subNetwork)) continue;
    counts[subNetwork.zone] = (counts[subNetwork.zone] as number) + 1;
    const kept = first[subNetwork.zone] as SubNetwork[];
    if (kept.length < keep) kept.push(subNetwork);
  }
  // Inner zones come after the zones around them: one pass backwards adds each to its parent.
  for (let index = model.zones.length - 1; index >= 0; index -= 1) {
    const parent = (model.zones[index] as SecurityZone).parent;
    if (parent === null) continue;
    counts[parent] = (counts[parent] as number) + (counts[index] as number);
    const merged = [...(first[parent] as SubNetwork[]), ...(first[index] as SubNetwork[])].sort((a, b) => a.index - b.index);
    first[parent] = merged.slice(0, keep);
  }
  return model.zones.map((_zone, index) => ({ count: counts[index] as number, first: first[index] as SubNetwork[] }));
}

/** The zones a rule judges for one instance (null: serverConf.xml alone, on a host without instance files). */
export interface InstanceZones {
  readonly instance: string | null;
  /** The instance's file, or serverConf.xml when there is none. */
  readonly file: string;
  readonly model: ZoneModel;
}

/**
 * Each instance's zones: serverConf.xml, then config-<instance>.xml. Instances whose file
 * declares no zone share one model, so a host of many instances reads serverConf.xml's zones
 * once. An instance is left out when one of its files could not be parsed (config/unreadable
 * says so): half its zones would be a guess. A host without instance files is judged on
 * serverConf.xml alone.
 */
export function instanceZones(host: HostFacts): InstanceZones[] {
  const serverConf = host.files.find((file) => file.instance === null);
  if (serverConf !== undefined && serverConf.root === null) return [];
  const base: ZoneLayer[] = serverConf?.root ? [{ file: serverConf.path, root: serverConf.root }] : [];
  let shared: ZoneModel | undefined;
  const baseModel = (): ZoneModel => (shared ??= readSecurityZones(base));
  const instanceFiles = host.files.filter((file): file is ConfigFile => file.instance !== null && file.instance !== 'default');
  if (instanceFiles.length === 0) return serverConf === undefined ? [] : [{ instance: null, file: serverConf.path, model: baseModel() }];
  return instanceFiles
    .flatMap((file): InstanceZones[] => {
      if (file.root === null) return [];
      const model = hasSecurityZones(file.root) ? readSecurityZones([...base, { file: file.path, root: file.root }]) : baseModel();
      return [{ instance: file.instance as string, file: file.path, model }];
    })
    .sort((a, b) => ((a.instance ?? '') < (b.instance ?? '') ? -1 : (a.instance ?? '') > (b.instance ?? '') ? 1 : 0));
}

/** A zone as a report names it: its name, else its element path. */
export function zoneLabel(zone: SecurityZone): string {
  return zone.name ?? zone.element;
}

/** A sub-network as a report names it: its name (or id), else its element path. */
export function subNetworkLabel(subNetwork: SubNetwork): string {
  return subNetwork.name === null ? subNetwork.element : `"${subNetwork.name}"`;
}

/** Where a rule's finding belongs: the instance, or serverConf.xml alone on a host without instance files. */
export function scopeOf(zones: InstanceZones): string {
  return zones.instance === null ? `${zones.file}, no instance file` : `instance ${zones.instance}`;
}

/** A sub-network's mask entries; a missing or empty mask is one entry that was not understood (the documented default is empty). */
export function maskOf(subNetwork: SubNetwork): MaskEntry[] {
  const entries = parseMaskList(subNetwork.attributes.get('mask')?.value ?? '');
  return entries.length > 0 ? entries : [{ text: '', problem: 'no mask' }];
}
