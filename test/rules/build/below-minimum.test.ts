import rule from '../../../src/rules/build/below-minimum.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const JWT = { authIMSTAPrivateKey: '@a2V5' };
const MINIMUM = { minVersion: '7.4.1', minBuild: 9383 };

testRule(rule, {
  valid: [
    { name: '7.4.1 (build 9383)', hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.4.1', 9383) } },
    { name: '7.4.4 (build 9400)', hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.4.4', 9400) } },
    { name: 'unknown build is build/unknown, not this rule', hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'no task' } },
    { name: 'v8 shares the build space but is out of scope', hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign (8.1.2 build 9335) of 01/01/2022' } },
    { name: '--min-version 7.3.5 accepts 9368', policy: { minVersion: '7.3.5', minBuild: 9368 }, hosts: { files: { 'config-prod.xml': configXml() }, pdump: pdumpLine('7.3.5', 9368) } },
  ],
  invalid: [
    {
      name: '7.3.5 without JWT → high, host-wide',
      hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'below', severity: 'high', data: { build: 9368, version: '7.3.5', ...MINIMUM }, instance: null, file: null, path: null }],
    },
    {
      name: '7.3.5 with a JWT instance after the cutoff → critical, naming the instance',
      hosts: { files: { 'config-prod.xml': configXml(JWT), 'config-shop.xml': configXml(JWT), 'config-lab.xml': configXml() }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'belowWithJwt', severity: 'critical', data: { build: 9368, version: '7.3.5', ...MINIMUM, instances: 'prod, shop', cutoff: '2025-01-27' } }],
    },
    {
      name: 'with a JWT instance before the cutoff → high',
      asOf: '2024-12-01',
      hosts: { files: { 'config-prod.xml': configXml(JWT) }, pdump: pdumpLine('7.3.5', 9368) },
      findings: [{ messageId: 'below', severity: 'high' }],
    },
    {
      name: '"20.2.3 build 9182" is below 7.4.1 whatever semver says',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign Classic (20.2.3 build 9182) of 11/09/2020' },
      findings: [{ messageId: 'below', severity: 'high', data: { build: 9182, version: '20.2.3', ...MINIMUM } }],
    },
    {
      name: 'Gold Standard 9032@sha: named by its label, as in every report',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign Classic (build 9032@d3b452f) of 22/12/2020' },
      findings: [{ messageId: 'below', severity: 'high', data: { build: 9032, version: 'Gold Standard 11', ...MINIMUM } }],
    },
    {
      name: 'the recalled 19.1.3 (build 9031)',
      hosts: { files: { 'config-prod.xml': configXml() }, pdump: 'Application server for Adobe Campaign Classic (19.1.3 build 9031@abc1234) of 26/07/2019' },
      findings: [{ messageId: 'below', severity: 'high', data: { build: 9031, version: '19.1.3', ...MINIMUM } }],
    },
    {
      name: '--min-version 7.4.2 raises the bar to 9390',
      policy: { minVersion: '7.4.2', minBuild: 9390 },
      hosts: { files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.4.1', 9383) },
      findings: [{ messageId: 'below', severity: 'high', data: { build: 9383, version: '7.4.1', minVersion: '7.4.2', minBuild: 9390 } }],
    },
  ],
});
