import rule from '../../../src/rules/jwt/credential-present.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remediationOf } from '../../../src/rules/index.js';
import { testRule } from '../../helpers/rule-tester.js';

const KEY_PATH = 'serverconf/shared/ims/@authIMSTAPrivateKey';
const JWT = { ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '@ZW5jcnlwdGVkLWtleQ==' };
const CUTOFF = '2025-01-27';

testRule(rule, {
  valid: [
    { name: 'OAuth instance', hosts: { files: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } } },
    { name: 'empty private key', hosts: { files: { 'config-prod.xml': configXml({ ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '' }) } } },
    { name: 'blank private key', hosts: { files: { 'config-prod.xml': configXml({ authIMSTAPrivateKey: '   ' }) } } },
    { name: 'key on another element is not the ims key', hosts: { files: { 'config-prod.xml': configXml({}, '<web authIMSTAPrivateKey="@x"/>') } } },
    { name: 'v8 hosts are out of scope', hosts: { files: { 'config-prod.xml': configXml(JWT) }, pdump: 'Application server for Adobe Campaign (8.6.1 build 9412) of 01/01/2025' } },
  ],
  invalid: [
    {
      name: 'JWT key in the instance file after the 2026-03-01 hard stop → critical, the key no longer works',
      hosts: { files: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'afterHardStop', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 669, stopDays: 271 }, instance: 'prod', file: 'conf/config-prod.xml', path: KEY_PATH }],
    },
    {
      name: 'after the 2025-06-30 end of life, before the hard stop → critical, stops working in N days',
      asOf: '2025-09-01',
      hosts: { files: { 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.4.1', 9383) },
      findings: [{ messageId: 'afterEndOfLife', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 217, stopDays: 181 }, instance: 'prod' }],
    },
    {
      name: 'after the cutoff, before end of life → critical, overdue',
      asOf: '2025-03-01',
      hosts: { files: { 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.4.1', 9383) },
      findings: [{ messageId: 'afterCutoff', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 33 }, instance: 'prod' }],
    },
    {
      name: 'a --cutoff after the hard stop does not hide it: the key no longer works → critical',
      asOf: '2026-04-01',
      policy: { cutoff: '2026-06-30' },
      hosts: { files: { 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.4.1', 9383) },
      findings: [{ messageId: 'afterHardStop', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: '2026-06-30', days: 90, stopDays: 31 }, instance: 'prod' }],
    },
    {
      name: 'JWT key before the cutoff → high',
      asOf: '2025-01-20',
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ messageId: 'beforeCutoff', severity: 'high', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 7 }, instance: 'prod' }],
    },
    {
      name: 'on the cutoff day itself → critical',
      asOf: '2025-01-27',
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ messageId: 'afterCutoff', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 0 }, instance: 'prod' }],
    },
    {
      name: 'a later --cutoff moves the threshold',
      asOf: '2025-03-01',
      policy: { cutoff: '2025-06-30' },
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ messageId: 'beforeCutoff', severity: 'high', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: '2025-06-30', days: 121 }, instance: 'prod' }],
    },
    {
      name: 'key inherited from serverConf.xml by two instances → one finding each, file serverConf.xml',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-a.xml': configXml(OAUTH_ATTRIBUTES), 'config-b.xml': configXml() } },
      findings: [
        { messageId: 'afterHardStop', severity: 'critical', instance: 'a', file: 'conf/serverConf.xml', path: KEY_PATH },
        { messageId: 'afterHardStop', severity: 'critical', instance: 'b', file: 'conf/serverConf.xml', path: KEY_PATH },
      ],
    },
    {
      name: 'key in serverConf.xml overridden by an empty value → medium, no instance',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-prod.xml': configXml({ ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '' }) } },
      findings: [{ messageId: 'stranded', severity: 'medium', data: { file: 'conf/serverConf.xml', why: 'overridden in every instance file' }, instance: null, file: 'conf/serverConf.xml', path: KEY_PATH }],
    },
    {
      name: 'key only in config-default.xml → medium (not an instance)',
      hosts: { files: { 'config-default.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } },
      findings: [
        {
          messageId: 'stranded',
          severity: 'medium',
          data: { file: 'conf/config-default.xml', why: 'config-default.xml is read only by multi-instance modules such as web' },
          instance: null,
          file: 'conf/config-default.xml',
        },
      ],
    },
    {
      name: 'effective for one instance, overridden in another → only the effective one',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-a.xml': configXml(), 'config-b.xml': configXml({ authIMSTAPrivateKey: '' }) } },
      findings: [{ messageId: 'afterHardStop', severity: 'critical', instance: 'a', file: 'conf/serverConf.xml' }],
    },
  ],
});

describe('jwt/credential-present remediation', () => {
  it('a stranded key is removed, not migrated; after the hard stop the remediation says it is urgent', () => {
    assert.match(remediationOf({ ruleId: 'jwt/credential-present', messageId: 'stranded' }), /^Back up the file, remove the authIMSTAPrivateKey attribute/);
    assert.doesNotMatch(remediationOf({ ruleId: 'jwt/credential-present', messageId: 'stranded' }), /setimsoauth|Upgrade/);
    assert.match(remediationOf({ ruleId: 'jwt/credential-present', messageId: 'afterHardStop' }), /^Urgent: the JWT key stopped working on 2026-03-01\. Upgrade every container/);
    assert.equal(remediationOf({ ruleId: 'jwt/credential-present', messageId: 'afterCutoff' }), rule.meta.remediation);
    assert.equal(remediationOf({ ruleId: 'jwt/credential-present' }), rule.meta.remediation);
  });
});
