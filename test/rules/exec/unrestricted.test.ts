import rule from '../../../src/rules/exec/unrestricted.js';
import { confXml, sample } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const EXEC = 'serverconf/shared/exec';

testRule(rule, {
  valid: [
    { name: 'user and blacklistFile under shared', hosts: { files: { 'serverConf.xml': confXml('<exec user="campaign-exec" blacklistFile="/usr/local/neolane/nl6/conf/denylist"/>'), 'config-prod.xml': confXml() } } },
    // Adobe's example puts <exec> directly under <serverConf>.
    { name: "Adobe's example (exec under serverConf)", hosts: { files: { 'serverConf.xml': sample('acc-docs-exec-snippet.xml'), 'config-prod.xml': confXml() } } },
    { name: 'split between serverConf.xml and the instance file', hosts: { files: { 'serverConf.xml': confXml('<exec user="campaign-exec"/>'), 'config-prod.xml': confXml('<exec blacklistFile="/etc/campaign/denylist"/>') } } },
  ],
  invalid: [
    {
      name: 'no exec element',
      hosts: { files: { 'serverConf.xml': confXml(), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'unrestricted', severity: 'medium', data: { instance: 'prod' }, instance: 'prod', file: 'conf/config-prod.xml', path: EXEC }],
    },
    {
      name: 'the instance file blanks both',
      hosts: { files: { 'serverConf.xml': sample('acc-docs-exec-snippet.xml'), 'config-prod.xml': '<serverconf><exec user="" blacklistFile=""/></serverconf>' } },
      findings: [{ messageId: 'unrestricted', severity: 'medium', data: { instance: 'prod' }, instance: 'prod' }],
    },
    {
      name: 'a user but no denylist',
      hosts: { files: { 'config-prod.xml': confXml('<exec user="campaign-exec"/>') } },
      findings: [{ messageId: 'noDenylist', severity: 'low', data: { instance: 'prod', user: 'campaign-exec', source: 'set in conf/config-prod.xml' }, file: 'conf/config-prod.xml', path: `${EXEC}/@blacklistFile` }],
    },
    {
      name: 'a denylist but no user',
      hosts: { files: { 'serverConf.xml': confXml('<exec blacklistFile="/etc/campaign/denylist"/>'), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'noUser', severity: 'low', data: { instance: 'prod', blacklistFile: '/etc/campaign/denylist', source: 'set in conf/serverConf.xml' }, file: 'conf/serverConf.xml', path: `${EXEC}/@user` }],
    },
  ],
});
