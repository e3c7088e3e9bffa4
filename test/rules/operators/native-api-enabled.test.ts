import { readFileSync } from 'node:fs';
import rule from '../../../src/rules/operators/native-api-enabled.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const imsConfigSample = readFileSync(new URL('../../../fixtures/samples/acc-docs-imsConfig-snippet.xml', import.meta.url), 'utf8');
const imsConfig = (value: string): string => configXml(OAUTH_ATTRIBUTES, '').replace('</shared>', `<imsConfig><nonIMSAuthnAPI disableAPI="${value}"/></imsConfig></shared>`);
const PATH = 'serverconf/shared/imsConfig/nonIMSAuthnAPI/@disableAPI';

testRule(rule, {
  valid: [
    { name: "Adobe's documented imsConfig in serverConf.xml", hosts: { files: { 'serverConf.xml': imsConfigSample, 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } } },
    { name: 'disableAPI="true" in the instance file', hosts: { files: { 'config-prod.xml': imsConfig('true') } } },
    { name: 'builds before 7.4.1 have no imsConfig', hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.3.5', 9368) } },
    { name: 'unknown build', hosts: { files: { 'config-prod.xml': configXml() }, pdump: null } },
  ],
  invalid: [
    {
      name: 'no imsConfig on 7.4.1',
      hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) } },
      findings: [{ messageId: 'absent', severity: 'medium', data: { instance: 'prod' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'disableAPI="false"',
      hosts: { files: { 'config-prod.xml': imsConfig('false') } },
      findings: [{ messageId: 'notTrue', severity: 'medium', data: { instance: 'prod', value: 'false', file: 'conf/config-prod.xml' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'the instance file switches it back off',
      hosts: { files: { 'serverConf.xml': imsConfigSample, 'config-prod.xml': imsConfig('') } },
      findings: [{ messageId: 'notTrue', severity: 'medium', data: { instance: 'prod', value: '', file: 'conf/config-prod.xml' }, instance: 'prod', file: 'conf/config-prod.xml' }],
    },
  ],
});
