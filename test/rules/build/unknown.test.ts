import rule from '../../../src/rules/build/unknown.js';
import { configXml, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'a readable version line', hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.3.5', 9368) } },
  ],
  invalid: [
    {
      name: 'nlserver printed "no task"',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'no task\n' },
      findings: [{ messageId: 'noVersion', severity: 'medium', data: { reason: 'nlserver pdump printed only "no task", without the version banner' }, instance: null, file: null, path: null }],
    },
    {
      name: 'nlserver printed nothing',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: '\n' },
      findings: [{ messageId: 'noVersion', severity: 'medium', data: { reason: 'nlserver pdump printed nothing' } }],
    },
    {
      name: "Adobe's documented banner template, with placeholders for every number",
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'HH:MM:SS > Application server for Adobe Campaign Classic (7.X YY.R build XXX@SHA1) of DD/MM/YYYY\nweb@default (9984) - 50.1 Mo\n' },
      findings: [{ messageId: 'bannerWithoutNumbers', severity: 'medium', data: {} }],
    },
    { name: 'no pdump output at all', hosts: { files: { 'config-prod.xml': configXml() }, pdump: null }, findings: [{ messageId: 'noVersion', severity: 'medium', data: { reason: 'no version line' } }] },
    // A version string is never a build: real v7 builds 8864 and 8886 print "6.1.1".
    {
      name: 'a known version without a build number',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign Classic (7.4.1) of 18/06/2024' },
      findings: [{ messageId: 'noBuild', severity: 'medium', data: { version: '7.4.1' } }],
    },
    {
      name: 'a real banner with the build redacted',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: '13:31:32 >   Application server for Adobe Campaign v7 (7.0 build XXXX) of XX/XX/20XX' },
      findings: [{ messageId: 'noBuild', severity: 'medium', data: { version: '7.0' } }],
    },
    {
      name: 'a version the table does not know, without build',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign Classic (7.9) of 01/01/2027' },
      findings: [{ messageId: 'noBuild', severity: 'medium', data: { version: '7.9' } }],
    },
  ],
});
