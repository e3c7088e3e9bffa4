import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCredential, instanceOf } from '../../src/parse/facts.js';
import { flattenConfig, overlayConfigs } from '../../src/parse/effective-config.js';
import { parseXml } from '../../src/parse/xml.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { configXml, factsOf, OAUTH_ATTRIBUTES, pdumpLine } from '../helpers/fixtures.js';

function flat(xml: string, file: string) {
  const result = parseXml(xml);
  assert.ok(result.ok);
  return flattenConfig(result.root, file);
}

describe('effective configuration (serverConf.xml overlaid by config-<instance>.xml)', () => {
  it('overlays attribute by attribute and keeps provenance', () => {
    const base = flat(configXml({ authIMSEndpoint: 'https://ims-na1.adobelogin.com', authIMSTAClientId: 'from-serverconf' }), 'conf/serverConf.xml');
    const instance = flat(configXml({ authIMSTAClientId: 'from-instance' }), 'conf/config-prod.xml');
    const ims = overlayConfigs([base, instance]).get('serverconf/shared/ims');
    assert.deepEqual(ims?.get('authIMSTAClientId'), { value: 'from-instance', file: 'conf/config-prod.xml', element: 'serverconf/shared/ims' });
    assert.deepEqual(ims?.get('authIMSEndpoint'), { value: 'https://ims-na1.adobelogin.com', file: 'conf/serverConf.xml', element: 'serverconf/shared/ims' });
  });

  it('lets an empty attribute in the instance file win', () => {
    const base = flat(configXml({ authIMSTAPrivateKey: '@a2V5' }), 'conf/serverConf.xml');
    const instance = flat(configXml({ authIMSTAPrivateKey: '' }), 'conf/config-prod.xml');
    assert.deepEqual(overlayConfigs([base, instance]).get('serverconf/shared/ims')?.get('authIMSTAPrivateKey'), { value: '', file: 'conf/config-prod.xml', element: 'serverconf/shared/ims' });
  });

  it('matches named elements across files', () => {
    const base = flat('<serverconf><shared><dataStore><dataSource name="default"><dbcnx server="a" login="x"/></dataSource></dataStore></shared></serverconf>', 'conf/serverConf.xml');
    const instance = flat('<serverConf><shared><dataStore><dataSource name="default"><dbcnx server="b"/></dataSource></dataStore></shared></serverConf>', 'conf/config-prod.xml');
    const dbcnx = overlayConfigs([base, instance]).get('serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx');
    assert.equal(dbcnx?.get('server')?.value, 'b');
    assert.equal(dbcnx?.get('login')?.value, 'x');
  });
});

describe('credential classes (docs/rules/README.md#credential-classes)', () => {
  const cases: [string, Record<string, string>, number | null, string][] = [
    ['private key set → jwt', { ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '@a2V5' }, 9383, 'jwt'],
    ['private key alone → jwt', { authIMSTAPrivateKey: 'cGxhaW4=' }, 9368, 'jwt'],
    ['client id + secret + TA id on 7.4.1 → oauth', OAUTH_ATTRIBUTES, 9383, 'oauth'],
    ['the OAuth triple with an unknown build → oauth', OAUTH_ATTRIBUTES, null, 'oauth'],
    ['the OAuth triple on 7.3.5 → incomplete', OAUTH_ATTRIBUTES, 9368, 'incomplete'],
    ['client id only → incomplete', { authIMSTAClientId: 'cid' }, 9383, 'incomplete'],
    ['empty private key + triple → oauth', { ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '' }, 9400, 'oauth'],
    ['blank values → none', { authIMSTAClientId: '  ', authIMSTAPrivateKey: '' }, 9383, 'none'],
    ['nothing → none', {}, 9383, 'none'],
  ];
  for (const [what, ims, build, expected] of cases) {
    it(what, () => {
      const config = overlayConfigs([flat(configXml(ims), 'conf/config-x.xml')]);
      assert.equal(classifyCredential(config, build, DEFAULT_SIGNATURES), expected);
    });
  }
});

describe('buildFacts', () => {
  it('lists instances from config-*.xml, not config-default.xml', () => {
    const facts = factsOf({ files: { 'serverConf.xml': configXml(), 'config-default.xml': configXml(), 'config-b.xml': configXml(), 'config-a.xml': configXml(OAUTH_ATTRIBUTES) } });
    assert.deepEqual(facts.instances.map((instance) => [instance.name, instance.credential, instance.file]), [
      ['a', 'oauth', 'conf/config-a.xml'],
      ['b', 'none', 'conf/config-b.xml'],
    ]);
  });

  it('inherits a JWT key from serverConf.xml', () => {
    const facts = factsOf({ files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.4.1', 9383) });
    assert.equal(facts.instances[0]?.credential, 'jwt');
  });

  it('marks an instance unknown when its own file is unreadable, and jwt stays jwt when serverConf is broken', () => {
    const broken = factsOf({ files: { 'serverConf.xml': configXml(), 'config-prod.xml': '<serverconf><shared>' } });
    assert.equal(broken.instances[0]?.credential, 'unknown');
    const jwt = factsOf({ files: { 'serverConf.xml': '<<<', 'config-prod.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-stage.xml': configXml(OAUTH_ATTRIBUTES) } });
    assert.deepEqual(jwt.instances.map((instance) => instance.credential), ['jwt', 'unknown']);
  });

  it('explains why no version was read', () => {
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() }, pdump: 'no task\n' }).pdumpError, 'nlserver pdump printed only "no task", without the version banner');
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() } }).pdumpError, undefined);
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() }, pdump: ' \n\n' }).pdumpError, 'nlserver pdump printed nothing');
  });

  it('names the kind of a pdump that is not a version banner, never its content', () => {
    // Today the first line was quoted in build/unknown in every format: a pdump.txt holding a key leaked it.
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU-MARKER\n-----END OPENSSH PRIVATE KEY-----\n';
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() }, pdump: key }).pdumpError, 'nlserver pdump printed no version banner but 3 lines of other text');
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() }, pdump: 'password=MARKER' }).pdumpError, 'nlserver pdump printed no version banner but 1 line of other text');
    assert.equal(factsOf({ files: { 'serverConf.xml': configXml() }, pdump: 'MARKER\u0001\u0002' }).pdumpError, 'nlserver pdump printed no version banner but 8 characters of binary data');
  });

  it('names instances from file names', () => {
    assert.equal(instanceOf('conf/config-prod.xml'), 'prod');
    assert.equal(instanceOf('conf/config-mid_emea.xml'), 'mid_emea');
    assert.equal(instanceOf('conf/serverConf.xml'), null);
    // Not serverConf.xml (null) just because the name holds a newline.
    assert.equal(instanceOf('conf/config-a\nb.xml'), 'a\nb');
  });
});
