import rule from '../../../src/rules/sessions/ip-not-checked.js';
import { confXml } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/shared/authentication/@checkIPConsistent';

testRule(rule, {
  valid: [
    { name: 'checkIPConsistent="true" in serverConf.xml', hosts: { files: { 'serverConf.xml': confXml('<authentication checkIPConsistent="true"/>'), 'config-prod.xml': confXml() } } },
    { name: 'the instance file turns it on', hosts: { files: { 'serverConf.xml': confXml('<authentication checkIPConsistent="false"/>'), 'config-prod.xml': confXml('<authentication checkIPConsistent="true"/>') } } },
  ],
  invalid: [
    {
      name: 'not set: the default false',
      hosts: { files: { 'serverConf.xml': confXml('<authentication sessionTimeOutSec="3600"/>'), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'notChecked', severity: 'medium', data: { instance: 'prod', value: 'false', source: 'default' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'the instance file turns it off',
      hosts: { files: { 'serverConf.xml': confXml('<authentication checkIPConsistent="true"/>'), 'config-prod.xml': confXml('<authentication checkIPConsistent="false"/>') } },
      findings: [{ messageId: 'notChecked', severity: 'medium', data: { instance: 'prod', value: 'false', source: 'set in conf/config-prod.xml' }, file: 'conf/config-prod.xml', path: PATH }],
    },
  ],
});
