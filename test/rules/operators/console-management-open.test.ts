import rule from '../../../src/rules/operators/console-management-open.js';
import { pdumpLine } from '../../helpers/fixtures.js';
import { confXml, sample } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/shared/imsConfig/nonIMSOperatorMgmtInClientConsole/@nonIMSOperatorMgmtInClientConsoleRestricted';
const restricted = (value: string): string => `<imsConfig><nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="${value}"/></imsConfig>`;

testRule(rule, {
  valid: [
    { name: "Adobe's UI restriction snippet in serverConf.xml", hosts: { files: { 'serverConf.xml': sample('acc-docs-imsConfig-ui-restriction-snippet.xml'), 'config-prod.xml': confXml() } } },
    { name: 'builds before 7.4.1 have no imsConfig', hosts: { files: { 'config-prod.xml': confXml() }, pdump: pdumpLine('7.3.5', 9368) } },
    { name: 'unknown build', hosts: { files: { 'config-prod.xml': confXml() }, pdump: null } },
  ],
  invalid: [
    {
      name: 'not set on 7.4.1',
      hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'absent', severity: 'low', data: { instance: 'prod' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'the instance file lifts the restriction',
      hosts: { files: { 'serverConf.xml': sample('acc-docs-imsConfig-ui-restriction-snippet.xml'), 'config-prod.xml': confXml(restricted('false')) } },
      findings: [{ messageId: 'notTrue', severity: 'low', data: { instance: 'prod', value: 'false', source: 'set in conf/config-prod.xml' }, file: 'conf/config-prod.xml', path: PATH }],
    },
  ],
});
