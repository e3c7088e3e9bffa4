import rule from '../../../src/rules/mta/tls-disabled.js';
import { confXml, sample } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/mta/child/smtp/@enableTLS';
const MTA_ON = '<mta autoStart="true"/>';

testRule(rule, {
  valid: [
    { name: 'MTA started, enableTLS="true"', hosts: { files: { 'serverConf.xml': confXml('', '<mta><child><smtp enableTLS="true"/></child></mta>'), 'config-prod.xml': confXml('', MTA_ON) } } },
    { name: 'the MTA does not start on this host (autoStart default false)', hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': confXml() } } },
    // Adobe's migration example disables modules by renaming autoStart.
    { name: "Adobe's _autoStart convention: modules disabled", hosts: { files: { 'config-prod.xml': sample('acc-docs-config-instance-disabled-modules.xml') } } },
  ],
  invalid: [
    {
      name: "Adobe's config-<instance>.xml that starts the MTA, no smtp settings: the default false",
      hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': sample('acc-docs-config-instance-enabled-modules.xml') } },
      findings: [{ messageId: 'noTls', severity: 'medium', data: { instance: 'prod', value: 'false', source: 'default' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'the instance file turns TLS off that serverConf.xml turned on',
      hosts: { files: { 'serverConf.xml': confXml('', '<mta><child><smtp enableTLS="true"/></child></mta>'), 'config-prod.xml': confXml('', '<mta autoStart="true"><child><smtp enableTLS="false"/></child></mta>') } },
      findings: [{ messageId: 'noTls', severity: 'medium', data: { instance: 'prod', value: 'false', source: 'set in conf/config-prod.xml' }, file: 'conf/config-prod.xml', path: PATH }],
    },
  ],
});
