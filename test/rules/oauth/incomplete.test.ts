import rule from '../../../src/rules/oauth/incomplete.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'complete OAuth on 7.4.1', hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } } },
    { name: 'no technical account at all', hosts: { files: { 'config-prod.xml': configXml() } } },
    { name: 'JWT is another rule', hosts: { files: { 'config-prod.xml': configXml({ authIMSTAClientId: 'x', authIMSTAPrivateKey: '@a2V5' }) } } },
  ],
  invalid: [
    {
      name: 'client id only',
      hosts: { files: { 'config-prod.xml': configXml({ authIMSTAClientId: 'cid' }) } },
      findings: [{ severity: 'high', instance: 'prod', file: 'conf/config-prod.xml', path: 'serverconf/shared/ims', messageIncludes: 'authIMSTAClientSecret, authIMSTAId not set' }],
    },
    {
      name: 'secret inherited from serverConf, id missing',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAClientSecret: '@c2VjcmV0' }), 'config-prod.xml': configXml({ authIMSTAClientId: 'cid' }) } },
      findings: [{ severity: 'high', instance: 'prod', messageIncludes: 'authIMSTAId not set' }],
    },
    {
      name: 'the OAuth triple on 7.3.5, which cannot use it',
      hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ severity: 'high', instance: 'prod', messageIncludes: 'build 9368 is older than 7.4.1' }],
    },
  ],
});
