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
      findings: [
        {
          messageId: 'unreadable',
          severity: 'high',
          data: { file: 'conf/config-demo.xml', reason: 'malformed XML: a closing tag does not match the element opened at line 8, column 5 (line 13, column 1)' },
          instance: 'demo',
          file: 'conf/config-demo.xml',
          path: null,
        },
      ],
    },
    {
      name: 'a DOCTYPE in serverConf.xml',
      hosts: { files: { 'serverConf.xml': '<!DOCTYPE x [<!ENTITY a "b">]><serverconf/>', 'config-prod.xml': configXml() } },
      findings: [{ messageId: 'unreadable', severity: 'high', data: { file: 'conf/serverConf.xml', reason: 'file holds a DOCTYPE or ENTITY declaration, which is refused' }, instance: null, file: 'conf/serverConf.xml' }],
    },
    {
      name: 'binary content',
      hosts: { files: { 'config-prod.xml': 'PK\u0000\u0003binary' } },
      findings: [{ messageId: 'unreadable', severity: 'high', data: { file: 'conf/config-prod.xml', reason: 'binary content (NUL bytes)' }, instance: 'prod' }],
    },
    {
      name: 'config-default.xml belongs to no instance',
      hosts: { files: { 'config-default.xml': '<serverconf>', 'config-prod.xml': configXml() } },
      findings: [{ messageId: 'unreadable', severity: 'high', instance: null, file: 'conf/config-default.xml' }],
    },
  ],
});
