import rule from '../../../src/rules/jwt/credential-present.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
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
      name: 'JWT key in the instance file after the cutoff → critical',
      hosts: { files: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'afterCutoff', severity: 'critical', data: { instance: 'prod', file: 'conf/config-prod.xml', cutoff: CUTOFF, days: 669 }, instance: 'prod', file: 'conf/config-prod.xml', path: KEY_PATH }],
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
        { messageId: 'afterCutoff', severity: 'critical', instance: 'a', file: 'conf/serverConf.xml', path: KEY_PATH },
        { messageId: 'afterCutoff', severity: 'critical', instance: 'b', file: 'conf/serverConf.xml', path: KEY_PATH },
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
      findings: [{ messageId: 'afterCutoff', severity: 'critical', instance: 'a', file: 'conf/serverConf.xml' }],
    },
  ],
});
