import rule from '../../../src/rules/urls/permission-not-blocking.js';
import { confXml, sample } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/shared/urlPermission/@action';
const WARN_MODE = 'warning mode: URLs off the allowlist are allowed, with a JST-310027 warning';
const permission = (action: string): string => `<urlPermission action="${action}"><url dnsSuffix="api.example.com" urlRegEx="https://.*"/></urlPermission>`;

testRule(rule, {
  valid: [
    { name: 'no urlPermission: the default is deny', hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': confXml() } } },
    { name: 'action="deny" (blocking mode)', hosts: { files: { 'serverConf.xml': confXml(permission('deny')), 'config-prod.xml': confXml() } } },
    { name: 'the instance file blocks what serverConf.xml only warns about', hosts: { files: { 'serverConf.xml': confXml(sample('acc-docs-urlPermission-warn-snippet.xml')), 'config-prod.xml': confXml(permission('deny')) } } },
  ],
  invalid: [
    {
      name: "Adobe's warning-mode snippet in serverConf.xml",
      hosts: { files: { 'serverConf.xml': confXml(sample('acc-docs-urlPermission-warn-snippet.xml')), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'open', severity: 'medium', data: { instance: 'prod', value: 'warn', source: 'set in conf/serverConf.xml', mode: WARN_MODE }, instance: 'prod', file: 'conf/serverConf.xml', path: PATH }],
    },
    {
      name: 'permissive mode (ignore) in the instance file, one finding per instance',
      hosts: { files: { 'serverConf.xml': confXml(permission('deny')), 'config-prod.xml': confXml(permission('ignore')), 'config-stage.xml': confXml() } },
      findings: [{ messageId: 'open', severity: 'medium', data: { instance: 'prod', value: 'ignore', source: 'set in conf/config-prod.xml', mode: 'permissive mode: URLs off the allowlist are allowed without a warning' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'a mode Adobe does not document',
      hosts: { files: { 'config-prod.xml': confXml(permission('allow')) } },
      findings: [{ messageId: 'unknown', severity: 'medium', data: { instance: 'prod', value: 'allow', source: 'set in conf/config-prod.xml' }, instance: 'prod', path: PATH }],
    },
    {
      name: 'the policy re-rates it',
      hosts: { files: { 'config-prod.xml': confXml(permission('warn')) } },
      policy: { severityOverrides: { 'urls/permission-not-blocking': 'high' } },
      findings: [{ messageId: 'open', severity: 'high', instance: 'prod' }],
    },
  ],
});
