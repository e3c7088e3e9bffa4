import rule from '../../../src/rules/product/v8.js';
import { configXml, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'Campaign Classic 7.4.1', hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.4.1', 9383) } },
    { name: 'a v7 build number in the v8 range is still v7 by its version', hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.4.4', 9400) } },
  ],
  invalid: [
    {
      name: 'Campaign v8',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign (8.6.1 build 9412@2a9f3c7) of 14/11/2024' },
      findings: [{ messageId: 'v8', severity: 'info', data: { version: '8.6.1' }, instance: null, file: null, path: null }],
    },
    {
      name: 'v8 with a 9335 build (shared build space)',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign (8.1.2 build 9335) of 16/07/2021' },
      findings: [{ messageId: 'v8', severity: 'info', data: { version: '8.1.2' } }],
    },
  ],
});
