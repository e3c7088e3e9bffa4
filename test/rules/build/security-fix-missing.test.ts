import rule from '../../../src/rules/build/security-fix-missing.js';
import { mergeBuildData, SHIPPED_BUILDS } from '../../../src/data/builds.js';
import { configXml, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const RECOMMENDED = { recommendedBuild: 9402, recommendedVersion: '7.4.4' };
const conf = { 'config-prod.xml': configXml() };

// A bulletin the shipped data does not know, with no fixed build yet: what a --builds file adds.
const withNewBulletin = mergeBuildData(SHIPPED_BUILDS, { builds: [], bulletins: [{ id: 'APSB27-001', date: '2027-01-05', affects: { through: 9402 }, source: 'https://example.test/apsb27-001' }] }, { file: 'extra.yaml' });
if (!('table' in withNewBulletin)) throw new Error('fixture build data is invalid');

testRule(rule, {
  valid: [
    { name: '7.4.4 build 9402, the fix of APSB26-142', hosts: { files: conf, pdump: pdumpLine('7.4.4', 9402) } },
    { name: 'a build newer than the table: no known bulletin affects it', hosts: { files: conf, pdump: pdumpLine('7.4.5', 9410) } },
    { name: 'no build: build/unknown, not this rule', hosts: { files: conf, pdump: 'Application server for Adobe Campaign v7 (7.0 build XXXX) of XX/XX/20XX' } },
    { name: 'before any bulletin was published (as of 2026-06-01), 9383 is not reported', asOf: '2026-06-01', hosts: { files: conf, pdump: pdumpLine('7.4.1', 9383) } },
    { name: 'Campaign v8 shares the build space but is out of scope', hosts: { files: conf, pdump: 'Application server for Adobe Campaign (8.6.1 build 9390@2a9f3c7) of 14/11/2024' } },
  ],
  invalid: [
    {
      name: '7.4.4 build 9401: APSB26-142, fixed in 9402',
      hosts: { files: conf, pdump: pdumpLine('7.4.4', 9401) },
      findings: [{ messageId: 'affected', severity: 'high', data: { build: 9401, version: '7.4.4', count: 1, bulletins: 'APSB26-142', fixedBuild: 9402, fixedVersion: '7.4.4', ...RECOMMENDED }, instance: null, file: null, path: null }],
    },
    {
      name: '7.4.4 build 9400: APSB26-134 and APSB26-142, the first build that fixes both is 9402',
      hosts: { files: conf, pdump: pdumpLine('7.4.4', 9400) },
      findings: [{ messageId: 'affected', severity: 'high', data: { build: 9400, version: '7.4.4', count: 2, bulletins: 'APSB26-134, APSB26-142', fixedBuild: 9402, fixedVersion: '7.4.4', ...RECOMMENDED } }],
    },
    {
      name: '7.4.3 build 9396: every bulletin of the table, oldest first',
      hosts: { files: conf, pdump: pdumpLine('7.4.3', 9396) },
      findings: [
        {
          messageId: 'affected',
          severity: 'high',
          data: {
            build: 9396,
            version: '7.4.3',
            count: 6, bulletins: 'CVE-2026-48286, APSB26-114, APSB26-120, APSB26-123, APSB26-134, APSB26-142',
            fixedBuild: 9402,
            fixedVersion: '7.4.4',
            ...RECOMMENDED,
          },
        },
      ],
    },
    {
      name: 'as of 2026-09-01, only the bulletins published by then (APSB26-142 came on 2026-09-08)',
      asOf: '2026-09-01',
      hosts: { files: conf, pdump: pdumpLine('7.4.4', 9400) },
      findings: [{ messageId: 'affected', severity: 'high', data: { build: 9400, version: '7.4.4', count: 1, bulletins: 'APSB26-134', fixedBuild: 9401, fixedVersion: '7.4.4', ...RECOMMENDED } }],
    },
    {
      name: 'Gold Standard 11 is named by its label',
      hosts: { files: conf, pdump: 'Application server for Adobe Campaign Classic (build 9032@d3b452f) of 22/12/2020' },
      findings: [{ messageId: 'affected', severity: 'high', data: { build: 9032, version: 'Gold Standard 11', count: 6, bulletins: 'CVE-2026-48286, APSB26-114, APSB26-120, APSB26-123, APSB26-134, APSB26-142', fixedBuild: 9402, fixedVersion: '7.4.4', ...RECOMMENDED } }],
    },
    {
      name: 'a bulletin added with --builds that no known build fixes',
      asOf: '2027-01-10',
      policy: { builds: withNewBulletin.table },
      hosts: { files: conf, pdump: pdumpLine('7.4.4', 9402) },
      findings: [{ messageId: 'noFix', severity: 'high', data: { build: 9402, version: '7.4.4', count: 1, bulletins: 'APSB27-001', unfixed: 'APSB27-001' } }],
    },
  ],
});
