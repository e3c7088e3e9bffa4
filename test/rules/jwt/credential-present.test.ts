import rule from '../../../src/rules/jwt/credential-present.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const KEY_PATH = 'serverconf/shared/ims/@authIMSTAPrivateKey';
const JWT = { ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '@ZW5jcnlwdGVkLWtleQ==' };

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
      findings: [{ severity: 'critical', instance: 'prod', file: 'conf/config-prod.xml', path: KEY_PATH, messageIncludes: 'passed 669 days ago' }],
    },
    {
      name: 'JWT key before the cutoff → high',
      asOf: '2025-01-20',
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ severity: 'high', instance: 'prod', messageIncludes: 'is in 7 days' }],
    },
    {
      name: 'on the cutoff day itself → critical',
      asOf: '2025-01-27',
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ severity: 'critical', instance: 'prod' }],
    },
    {
      name: 'a later --cutoff moves the threshold',
      asOf: '2025-03-01',
      policy: { cutoff: '2025-06-30' },
      hosts: { files: { 'config-prod.xml': configXml(JWT) } },
      findings: [{ severity: 'high', instance: 'prod' }],
    },
    {
      name: 'key inherited from serverConf.xml by two instances → one finding each, file serverConf.xml',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-a.xml': configXml(OAUTH_ATTRIBUTES), 'config-b.xml': configXml() } },
      findings: [
        { severity: 'critical', instance: 'a', file: 'conf/serverConf.xml', path: KEY_PATH },
        { severity: 'critical', instance: 'b', file: 'conf/serverConf.xml', path: KEY_PATH },
      ],
    },
    {
      name: 'key in serverConf.xml overridden by an empty value → medium, no instance',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-prod.xml': configXml({ ...OAUTH_ATTRIBUTES, authIMSTAPrivateKey: '' }) } },
      findings: [{ severity: 'medium', instance: null, file: 'conf/serverConf.xml', path: KEY_PATH }],
    },
    {
      name: 'key only in config-default.xml → medium (not an instance)',
      hosts: { files: { 'config-default.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } },
      findings: [{ severity: 'medium', instance: null, file: 'conf/config-default.xml' }],
    },
    {
      name: 'effective for one instance, overridden in another → only the effective one',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }), 'config-a.xml': configXml(), 'config-b.xml': configXml({ authIMSTAPrivateKey: '' }) } },
      findings: [{ severity: 'critical', instance: 'a', file: 'conf/serverConf.xml' }],
    },
  ],
});
