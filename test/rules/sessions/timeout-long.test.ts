import rule from '../../../src/rules/sessions/timeout-long.js';
import { POLICY } from '../../helpers/fixtures.js';
import { confXml } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/shared/authentication/@sessionTimeOutSec';
const eightHours = { hardening: { ...POLICY.hardening, sessionTimeoutSec: 28800 } };

testRule(rule, {
  valid: [
    { name: "not set: Adobe's default 86400 is the default threshold", hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': confXml() } } },
    { name: 'exactly the threshold', hosts: { files: { 'config-prod.xml': confXml('<authentication sessionTimeOutSec="28800"/>') } }, policy: eightHours },
    { name: 'the instance file shortens it', hosts: { files: { 'serverConf.xml': confXml('<authentication sessionTimeOutSec="172800"/>'), 'config-prod.xml': confXml('<authentication sessionTimeOutSec="3600"/>') } } },
  ],
  invalid: [
    {
      name: 'longer than the default threshold',
      hosts: { files: { 'serverConf.xml': confXml('<authentication sessionTimeOutSec="172800"/>'), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'tooLong', severity: 'low', data: { instance: 'prod', value: 172800, source: 'set in conf/serverConf.xml', threshold: 86400 }, instance: 'prod', file: 'conf/serverConf.xml', path: PATH }],
    },
    {
      name: "Adobe's default, above a policy threshold of 8 hours",
      hosts: { files: { 'config-prod.xml': confXml() } },
      policy: eightHours,
      findings: [{ messageId: 'tooLong', severity: 'low', data: { instance: 'prod', value: 86400, source: 'default', threshold: 28800 }, file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'not a number',
      hosts: { files: { 'config-prod.xml': confXml('<authentication sessionTimeOutSec="1d"/>') } },
      findings: [{ messageId: 'notANumber', severity: 'low', data: { instance: 'prod', value: '1d', source: 'set in conf/config-prod.xml' }, path: PATH }],
    },
  ],
});
