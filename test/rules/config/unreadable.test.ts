import { readFileSync } from 'node:fs';
import rule from '../../../src/rules/config/unreadable.js';
import { configXml } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const notWellFormed = readFileSync(new URL('../../../fixtures/samples/acc-docs-config-demo-not-wellformed.xml', import.meta.url), 'utf8');

testRule(rule, {
  valid: [{ name: 'well-formed files', hosts: { files: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml() } } }],
  invalid: [
    {
      name: "Adobe's not-well-formed config-demo.xml",
      hosts: { files: { 'serverConf.xml': configXml(), 'config-demo.xml': notWellFormed } },
      findings: [{ severity: 'high', instance: 'demo', file: 'conf/config-demo.xml', path: null, messageIncludes: 'malformed XML' }],
    },
    {
      name: 'a DOCTYPE in serverConf.xml',
      hosts: { files: { 'serverConf.xml': '<!DOCTYPE x [<!ENTITY a "b">]><serverconf/>', 'config-prod.xml': configXml() } },
      findings: [{ severity: 'high', instance: null, file: 'conf/serverConf.xml', messageIncludes: 'DOCTYPE' }],
    },
    {
      name: 'binary content',
      hosts: { files: { 'config-prod.xml': 'PK\u0000\u0003binary' } },
      findings: [{ severity: 'high', instance: 'prod', messageIncludes: 'binary' }],
    },
  ],
});
