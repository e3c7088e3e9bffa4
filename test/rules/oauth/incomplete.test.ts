import rule from '../../../src/rules/oauth/incomplete.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const IMS = 'serverconf/shared/ims';

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
      findings: [{ messageId: 'missing', severity: 'high', data: { instance: 'prod', missing: 'authIMSTAClientSecret, authIMSTAId' }, instance: 'prod', file: 'conf/config-prod.xml', path: IMS }],
    },
    {
      name: 'secret inherited from serverConf, id missing',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAClientSecret: '@c2VjcmV0' }), 'config-prod.xml': configXml({ authIMSTAClientId: 'cid' }) } },
      findings: [{ messageId: 'missing', severity: 'high', data: { instance: 'prod', missing: 'authIMSTAId' }, instance: 'prod', file: 'conf/config-prod.xml', path: IMS }],
    },
    {
      name: 'the OAuth triple on 7.3.5, which cannot use it',
      hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'tooOld', severity: 'high', data: { instance: 'prod', build: 9368 }, instance: 'prod', path: IMS }],
    },
  ],
});
