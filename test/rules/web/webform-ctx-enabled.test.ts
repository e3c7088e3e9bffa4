import rule from '../../../src/rules/web/webform-ctx-enabled.js';
import { pdumpLine } from '../../helpers/fixtures.js';
import { confXml, sample } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/web/jsp/@disableCtxInWebForm';
const BUILD_9397 = pdumpLine('7.4.3', 9397);
const optOut = confXml('', sample('acc-docs-webform-ctx-snippet.xml'));

testRule(rule, {
  valid: [
    { name: 'not set on 9397: the default true protects', hosts: { files: { 'config-prod.xml': confXml() }, pdump: BUILD_9397 } },
    { name: 'explicitly true', hosts: { files: { 'config-prod.xml': confXml('', '<web><jsp disableCtxInWebForm="true"/></web>') }, pdump: BUILD_9397 } },
    { name: 'before 9397 the parameter does not exist', hosts: { files: { 'config-prod.xml': optOut }, pdump: pdumpLine('7.4.3', 9396) } },
  ],
  invalid: [
    {
      name: "Adobe's opt-out snippet in the instance file on 9397",
      hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': optOut }, pdump: BUILD_9397 },
      findings: [{ messageId: 'enabled', severity: 'high', data: { instance: 'prod', value: 'false', source: 'set in conf/config-prod.xml' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'an explicit false on a host whose build is unknown',
      hosts: { files: { 'serverConf.xml': optOut, 'config-prod.xml': confXml() }, pdump: null },
      findings: [{ messageId: 'enabled', severity: 'high', data: { instance: 'prod', value: 'false', source: 'set in conf/serverConf.xml' }, file: 'conf/serverConf.xml', path: PATH }],
    },
  ],
});
