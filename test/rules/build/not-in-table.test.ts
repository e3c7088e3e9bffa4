import rule from '../../../src/rules/build/not-in-table.js';
import { mergeBuildData, SHIPPED_BUILDS } from '../../../src/data/builds.js';
import { configXml, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const conf = { 'config-prod.xml': configXml() };
const withNewBuild = mergeBuildData(SHIPPED_BUILDS, { checkedAt: '2027-01-10', builds: [{ version: '7.4.5', build: 9410, date: '2027-01-05', label: '7.4.5', status: 'GA', fixes: [], source: 'https://example.test/rn' }], bulletins: [] }, { file: 'extra.yaml' });
if (!('table' in withNewBuild)) throw new Error('fixture build data is invalid');

testRule(rule, {
  valid: [
    { name: 'the newest known build, 9402', hosts: { files: conf, pdump: pdumpLine('7.4.4', 9402) } },
    { name: 'an old build', hosts: { files: conf, pdump: pdumpLine('7.3.4', 9364) } },
    { name: 'a build an extra --builds row names', policy: { builds: withNewBuild.table }, hosts: { files: conf, pdump: pdumpLine('7.4.5', 9410) } },
    { name: 'Campaign v8 shares the build space but is out of scope', hosts: { files: conf, pdump: 'Application server for Adobe Campaign (8.9.2 build 9500@2a9f3c7) of 03/05/2026' } },
  ],
  invalid: [
    {
      name: 'build 9410, newer than 9402',
      hosts: { files: conf, pdump: pdumpLine('7.4.5', 9410) },
      findings: [{ messageId: 'newer', severity: 'info', data: { build: 9410, newest: 9402, checkedAt: SHIPPED_BUILDS.checkedAt }, instance: null, file: null, path: null }],
    },
    {
      name: 'the newest row and the check date come from the build data in use',
      policy: { builds: withNewBuild.table },
      hosts: { files: conf, pdump: pdumpLine('7.4.6', 9420) },
      findings: [{ messageId: 'newer', severity: 'info', data: { build: 9420, newest: 9410, checkedAt: '2027-01-10' } }],
    },
  ],
});
