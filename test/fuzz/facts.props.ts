// Properties of the effective configuration and the credential class (src/parse/effective-config.ts,
// src/parse/facts.ts), fed with generated snapshots made the way the collector makes them.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRedactor } from '../../src/collect/redact.js';
import { toSnapshot } from '../../src/collect/snapshot.js';
import type { RawFile } from '../../src/collect/transport.js';
import type { ConfigValue, Credential, EffectiveConfig } from '../../src/model.js';
import { overlayConfigs } from '../../src/parse/effective-config.js';
import { buildFacts } from '../../src/parse/facts.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { FACTS, FINGERPRINTS } from '../helpers/fixtures.js';
import { check, defineProperties } from '../helpers/fuzz.js';

const redact = createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS);
const TA = ['authIMSTAClientId', 'authIMSTAClientSecret', 'authIMSTAId', 'authIMSTAPrivateKey'] as const;
type TaName = (typeof TA)[number];
type Ims = Partial<Record<TaName, string>>;

/** Absent, empty, blank, encrypted or clear: the cases the credential table distinguishes. */
const value = fc.constantFrom(undefined, '', '  ', '@ZW5jcnlwdGVk', 'clear-1');
const ims: fc.Arbitrary<Ims> = fc.tuple(value, value, value, value).map((values) => {
  const out: Ims = {};
  TA.forEach((name, index) => {
    const chosen = values[index];
    if (chosen !== undefined) out[name] = chosen;
  });
  return out;
});

function configXml(attributes: Ims, isBroken: boolean): string {
  const written = Object.entries(attributes).map(([name, text]) => ` ${name}="${text}"`).join('');
  return `<?xml version='1.0'?>\n<serverconf>\n  <shared>\n    <ims${written}/>\n  </shared>\n${isBroken ? '  <mta autoStart="true">\n' : ''}</serverconf>\n`;
}

function rawFile(name: string, attributes: Ims, state: 'ok' | 'malformed' | 'denied'): RawFile {
  if (state === 'denied') return { name, size: null, error: 'permission denied' };
  const data = Buffer.from(configXml(attributes, state === 'malformed'));
  return { name, size: data.length, data };
}

/**
 * docs/rules/README.md#credential-classes on the effective configuration (the instance file
 * wins attribute by attribute, even with an empty value), and docs/rules/config/unreadable.md: a
 * class computed without one of its files is `unknown`, except `jwt`.
 */
function expectedCredential(server: { ims: Ims; state: 'ok' | 'malformed' | 'missing' }, instance: { ims: Ims; state: 'ok' | 'malformed' | 'denied' }, build: number | null): Credential {
  const effective = (name: TaName): string | undefined => {
    if (instance.state === 'ok' && instance.ims[name] !== undefined) return instance.ims[name];
    return server.state === 'ok' ? server.ims[name] : undefined;
  };
  const isSet = (name: TaName): boolean => (effective(name) ?? '').trim() !== '';
  let credential: Credential;
  if (isSet('authIMSTAPrivateKey')) credential = 'jwt';
  else if (isSet('authIMSTAClientId') && isSet('authIMSTAClientSecret') && isSet('authIMSTAId') && (build === null || build >= 9383)) credential = 'oauth';
  else if (isSet('authIMSTAClientId') || isSet('authIMSTAClientSecret') || isSet('authIMSTAId')) credential = 'incomplete';
  else credential = 'none';
  const isPartial = instance.state !== 'ok' || server.state === 'malformed';
  return isPartial && credential !== 'jwt' ? 'unknown' : credential;
}

/** Layers of (path, attribute, value) triples over small alphabets, so they overlap. */
const layer = fc.array(fc.tuple(fc.constantFrom('serverconf', 'serverconf/shared/ims', 'serverconf/web'), fc.constantFrom('a', 'b', 'authIMSTAId'), fc.constantFrom('', ' ', 'x', 'y')), { maxLength: 8 });

function toConfig(triples: [string, string, string][], file: string): EffectiveConfig {
  const config = new Map<string, Map<string, ConfigValue>>();
  for (const [path, name, text] of triples) {
    const attributes = config.get(path) ?? new Map<string, ConfigValue>();
    attributes.set(name, { value: text, file, element: path });
    config.set(path, attributes);
  }
  return config;
}

export default defineProperties({
  'overlay: the last layer that sets an attribute wins, even with an empty value, and nothing else appears': () =>
    check(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 4 }), (layers) => {
        const configs = layers.map((triples, index) => toConfig(triples, `conf/f${index}.xml`));
        const result = overlayConfigs(configs);
        const expected = new Map<string, ConfigValue>();
        configs.forEach((config) => {
          for (const [path, attributes] of config) for (const [name, found] of attributes) expected.set(`${path} @${name}`, found);
        });
        const got = new Map<string, ConfigValue>();
        for (const [path, attributes] of result) for (const [name, found] of attributes) got.set(`${path} @${name}`, found);
        assert.deepEqual(got, expected);
      }),
      300,
    ),

  'credential class follows docs/rules/README.md#credential-classes over serverConf.xml and config-<instance>.xml': () =>
    check(
      fc.property(
        fc.record({ ims, state: fc.constantFrom('ok' as const, 'ok' as const, 'malformed' as const, 'missing' as const) }),
        fc.record({ ims, state: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'malformed' as const, 'denied' as const) }),
        fc.option(fc.record({ ims })),
        fc.constantFrom(null, 9032, 9382, 9383, 9400),
        (server, instance, defaults, build) => {
          const files: RawFile[] = [rawFile('config-prod.xml', instance.ims, instance.state)];
          if (server.state !== 'missing') files.push(rawFile('serverConf.xml', server.ims, server.state));
          // config-default.xml serves the multi-instance modules; it is not an instance (docs/campaign.md#configuration-files).
          if (defaults !== null) files.push(rawFile('config-default.xml', defaults.ims, 'ok'));
          const pdump = build === null ? null : `12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build ${build}@abcdef0) of 01/01/2025\n`;
          const snapshot = toSnapshot(
            { name: 'h', address: 'h', tags: [], installDir: '/usr/local/neolane/nl6' },
            { status: 'ok', confListing: files.map((file) => file.name), files, pdump },
            { kind: 'dir', now: new Date('2026-11-27T12:00:00Z'), redact },
          );
          const facts = buildFacts(snapshot, FACTS);
          assert.deepEqual(facts.instances.map((instanceFacts) => instanceFacts.name), ['prod']);
          assert.equal(facts.instances[0]?.credential, expectedCredential(server, instance, build));
        },
      ),
      400,
    ),
});
