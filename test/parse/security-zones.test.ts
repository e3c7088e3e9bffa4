// The zone model: Adobe's nested zones, the instance overlay, rights granted inward, and
// hostile sizes that must stay linear and never overflow the stack.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { XmlElement } from '../../src/model.js';
import { grantedRights, hasSecurityZones, instanceZones, maskOf, readSecurityZones, subNetworksInward, type ZoneModel } from '../../src/parse/security-zones.js';
import { parseXml } from '../../src/parse/xml.js';
import { factsOf } from '../helpers/fixtures.js';

const DEFAULT_ZONES = readFileSync(new URL('../../fixtures/real-world/docs-default-zones/conf/serverConf.xml', import.meta.url), 'utf8');

function rootOf(xml: string): XmlElement {
  const result = parseXml(xml);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.root;
}

const modelOf = (...files: [string, string][]): ZoneModel => readSecurityZones(files.map(([file, xml]) => ({ file, root: rootOf(xml) })));
const names = (model: ZoneModel): (string | null)[] => model.zones.map((zone) => zone.name);
const rightsOf = (model: ZoneModel, zone: string): Record<string, string> => {
  const index = model.zones.findIndex((candidate) => candidate.name === zone);
  return Object.fromEntries([...(grantedRights(model)[index] ?? new Map())].map(([right, granted]) => [right, model.zones[granted.zone]?.name ?? '?']));
};

describe('security zones', () => {
  it("reads Adobe's default zones: nesting, sub-networks, attributes with where they are set", () => {
    const model = modelOf(['conf/serverConf.xml', DEFAULT_ZONES]);
    assert.deepEqual(names(model), ['public', 'vpn', 'lan']);
    assert.deepEqual(model.zones.map((zone) => [zone.parent, zone.depth]), [[null, 0], [0, 1], [1, 2]]);
    assert.deepEqual(model.subNetworks.map((subNetwork) => [subNetwork.name, subNetwork.zone]), [['all', 0], ['lan1', 2], ['lan2', 2], ['lan3', 2], ['localhost', 2], ['lan6', 2], ['lan6b', 2], ['localhost6', 2]]);
    assert.deepEqual(model.zones[2]?.attributes.get('allowHTTP'), { value: 'true', file: 'conf/serverConf.xml', element: 'serverconf/securityZone[@name="public"]/securityZone[@name="vpn"]/securityZone[@name="lan"]' });
  });

  it('grants each zone the rights of every zone around it, named by the innermost that sets them', () => {
    const model = modelOf(['conf/serverConf.xml', DEFAULT_ZONES]);
    assert.deepEqual(rightsOf(model, 'public'), {});
    assert.deepEqual(rightsOf(model, 'vpn'), { allowDebug: 'vpn', showErrors: 'vpn' });
    assert.deepEqual(rightsOf(model, 'lan'), { allowDebug: 'lan', showErrors: 'lan', allowHTTP: 'lan', sessionTokenOnly: 'lan' });
    const nested = modelOf(['f', '<serverconf><securityZone name="outer" allowHTTP="TRUE"><securityZone name="inner" allowHTTP="false"><subNetwork name="n" mask="1.2.3.4"/></securityZone></securityZone></serverconf>']);
    // A false value inside takes nothing away: the address is still in the outer zone.
    assert.deepEqual(rightsOf(nested, 'inner'), { allowHTTP: 'outer' });
  });

  it('counts the sub-networks of a zone and of every zone inside it', () => {
    const model = modelOf(['conf/serverConf.xml', DEFAULT_ZONES]);
    const inward = subNetworksInward(model, (subNetwork) => subNetwork.name !== 'all', 2);
    assert.deepEqual(inward.map(({ count, first }) => [count, first.map((subNetwork) => subNetwork.name)]), [[7, ['lan1', 'lan2']], [7, ['lan1', 'lan2']], [7, ['lan1', 'lan2']]]);
  });

  it("overlays config-<instance>.xml as Adobe's best-practice example does: same-named zones merge, sub-networks are added", () => {
    const instance = `<serverconf><securityZone name="public"><securityZone name="vpn" allowDebug="false">
      <subNetwork id="cus1" mask="203.0.113.0/24"/></securityZone></securityZone></serverconf>`;
    const model = modelOf(['conf/serverConf.xml', DEFAULT_ZONES], ['conf/config-prod.xml', instance]);
    assert.deepEqual(names(model), ['public', 'vpn', 'lan']);
    const vpn = model.zones[1];
    assert.equal(vpn?.attributes.get('allowDebug')?.value, 'false');
    assert.equal(vpn?.attributes.get('allowDebug')?.file, 'conf/config-prod.xml');
    assert.equal(vpn?.attributes.get('showErrors')?.file, 'conf/serverConf.xml', 'what the instance file does not set stays');
    const added = model.subNetworks.find((subNetwork) => subNetwork.name === 'cus1');
    assert.deepEqual([added?.zone, added?.file, added?.element], [1, 'conf/config-prod.xml', 'serverconf/securityZone[@name="public"]/securityZone[@name="vpn"]/subNetwork']);
  });

  it('overlays a sub-network of the same name attribute by attribute, and finds a zone by name wherever it is nested', () => {
    const instance = '<serverconf><securityZone name="public"><subNetwork name="all" mask="10.0.0.0/8"/></securityZone><securityZone name="lan" allowHTTP="false"/></serverconf>';
    const model = modelOf(['conf/serverConf.xml', DEFAULT_ZONES], ['conf/config-prod.xml', instance]);
    assert.deepEqual(names(model), ['public', 'vpn', 'lan'], 'no zone added');
    const all = model.subNetworks[0];
    assert.deepEqual([all?.attributes.get('mask')?.value, all?.attributes.get('mask')?.file, all?.attributes.get('proxy')?.file], ['10.0.0.0/8', 'conf/config-prod.xml', 'conf/serverConf.xml']);
    assert.equal(model.zones[2]?.attributes.get('allowHTTP')?.file, 'conf/config-prod.xml');
    assert.equal(model.subNetworks.length, 8);
  });

  it('adds zones the instance file declares anew, and never merges two zones of one file', () => {
    const model = modelOf(
      ['conf/serverConf.xml', '<serverconf><securityZone name="a"><subNetwork mask="10.0.0.0/8"/><subNetwork mask="10.0.0.0/8"/></securityZone><securityZone name="a"/></serverconf>'],
      ['conf/config-prod.xml', '<serverconf><securityZone name="b"><securityZone><subNetwork mask="*"/></securityZone></securityZone></serverconf>'],
    );
    assert.deepEqual(names(model), ['a', 'a', 'b', null]);
    assert.deepEqual(model.zones.map((zone) => zone.parent), [null, null, null, 2]);
    assert.equal(model.subNetworks.length, 3, 'unnamed sub-networks are each their own');
  });

  it('finds zones wherever they are (also under shared), reads only zones and sub-networks inside them, takes <subnetwork> in any case', () => {
    const model = modelOf(['f', '<serverconf><shared><securityZone name="z"><other><subNetwork mask="*"/></other><subnetwork name="s" mask="1.2.3.4"/></securityZone></shared></serverconf>']);
    assert.deepEqual(names(model), ['z']);
    assert.deepEqual(model.subNetworks.map((subNetwork) => subNetwork.name), ['s']);
    assert.equal(hasSecurityZones(rootOf('<serverconf><shared/></serverconf>')), false);
  });

  it('reads a missing mask as not understood (the documented default is empty)', () => {
    const model = modelOf(['f', '<serverconf><securityZone name="z"><subNetwork name="s"/></securityZone></serverconf>']);
    const [subNetwork] = model.subNetworks;
    assert.ok(subNetwork);
    assert.deepEqual(maskOf(subNetwork), [{ text: '', problem: 'no mask' }]);
  });
});

describe("a host's zones per instance", () => {
  it('reads serverConf.xml then each instance file; instances without zones share one model', () => {
    const host = factsOf({
      files: {
        'serverConf.xml': DEFAULT_ZONES,
        'config-a.xml': '<serverconf/>',
        'config-b.xml': '<serverconf/>',
        'config-c.xml': '<serverconf><securityZone name="public" allowDebug="true"/></serverconf>',
        'config-default.xml': '<serverconf><securityZone name="x"/></serverconf>',
      },
    });
    const zones = instanceZones(host);
    assert.deepEqual(zones.map((entry) => entry.instance), ['a', 'b', 'c']);
    assert.equal(zones[0]?.model, zones[1]?.model);
    assert.notEqual(zones[0]?.model, zones[2]?.model);
    assert.equal(zones[2]?.model.zones[0]?.attributes.get('allowDebug')?.file, 'conf/config-c.xml');
  });

  it('judges serverConf.xml alone on a host without instance files, and leaves out what could not be parsed', () => {
    assert.deepEqual(instanceZones(factsOf({ files: { 'serverConf.xml': DEFAULT_ZONES } })).map((entry) => [entry.instance, entry.file]), [[null, 'conf/serverConf.xml']]);
    assert.deepEqual(instanceZones(factsOf({ files: { 'serverConf.xml': DEFAULT_ZONES, 'config-a.xml': '<serverconf>' } })), []);
    assert.deepEqual(instanceZones(factsOf({ files: { 'serverConf.xml': '<serverconf', 'config-a.xml': '<serverconf/>' } })), []);
  });
});

describe('hostile sizes', () => {
  it('reads 100k zones of a 5 MiB file in linear time', () => {
    const count = 100_000;
    const xml = `<serverconf><securityZone name="top" allowDebug="true"/>${'<securityZone><subNetwork mask="*"/></securityZone>'.repeat(count)}</serverconf>`;
    assert.ok(Buffer.byteLength(xml) <= 5 * 1024 * 1024, 'within the parser bound');
    const root = rootOf(xml);
    const started = performance.now();
    const model = readSecurityZones([{ file: 'f', root }, { file: 'g', root }]);
    const inward = subNetworksInward(model, () => true);
    const granted = grantedRights(model);
    // Unnamed zones are each their own, in both files; the named one merges.
    assert.equal(model.zones.length, 1 + count * 2);
    assert.equal(model.subNetworks.length, count * 2);
    assert.equal(inward.length, model.zones.length);
    assert.equal(granted.length, model.zones.length);
    // Generous for a loaded machine: a quadratic walk over 200k zones would take hours.
    assert.ok(performance.now() - started < 60_000, 'seconds, not hours');
  });

  it('walks 100k nested zones without recursion (a tree built past the parser’s depth bound)', () => {
    const depth = 100_000;
    let element: XmlElement = { name: 'subNetwork', path: 'p', attributes: { name: 'deep', mask: '8.8.8.8' }, children: [] };
    for (let level = depth; level > 0; level -= 1) element = { name: 'securityZone', path: `z${level}`, attributes: { name: `z${level}`, ...(level === 1 ? { showErrors: 'true' } : {}) }, children: [element] };
    const root: XmlElement = { name: 'serverconf', path: 'serverconf', attributes: {}, children: [element] };
    const model = readSecurityZones([{ file: 'f', root }, { file: 'g', root }]);
    assert.equal(model.zones.length, depth);
    assert.equal(model.zones[depth - 1]?.depth, depth - 1);
    assert.equal(subNetworksInward(model, () => true)[0]?.count, 1, 'the outermost zone reaches the innermost sub-network');
    assert.equal(grantedRights(model)[depth - 1]?.get('showErrors')?.zone, 0, 'the innermost zone gets the outermost right');
    assert.equal(hasSecurityZones(root), true);
  });
});
