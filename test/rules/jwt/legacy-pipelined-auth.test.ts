import rule from '../../../src/rules/jwt/legacy-pipelined-auth.js';
import { configXml } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const pipelined = (attributes: string): string => configXml({}, `\n  <pipelined autoStart="true"${attributes}/>`);

testRule(rule, {
  valid: [
    { name: 'current IMS mode authType="imsJwtToken" is not legacy', hosts: { files: { 'config-exec.xml': pipelined(' authType="imsJwtToken"') } } },
    { name: 'empty legacy attributes', hosts: { files: { 'config-exec.xml': pipelined(' appName="" authPrivateKey=""') } } },
    { name: 'no pipelined element', hosts: { files: { 'config-exec.xml': configXml() } } },
  ],
  invalid: [
    {
      name: 'appName and authPrivateKey (documented 2020 form) → one finding per attribute',
      hosts: { files: { 'config-exec.xml': pipelined(' appName="applicationID" authPrivateKey="@qQf146pexBksGvo0esVIDO="') } },
      findings: [
        { messageId: 'effective', severity: 'high', data: { instance: 'exec', attribute: 'appName', file: 'conf/config-exec.xml' }, instance: 'exec', file: 'conf/config-exec.xml', path: 'serverconf/pipelined/@appName' },
        { messageId: 'effective', severity: 'high', data: { instance: 'exec', attribute: 'authPrivateKey', file: 'conf/config-exec.xml' }, instance: 'exec', file: 'conf/config-exec.xml', path: 'serverconf/pipelined/@authPrivateKey' },
      ],
    },
    {
      name: 'legacy appName in serverConf.xml reaches the instance',
      hosts: { files: { 'serverConf.xml': pipelined(' appName="applicationID"'), 'config-exec.xml': configXml() } },
      findings: [{ messageId: 'effective', severity: 'high', data: { instance: 'exec', attribute: 'appName', file: 'conf/serverConf.xml' }, instance: 'exec', file: 'conf/serverConf.xml', path: 'serverconf/pipelined/@appName' }],
    },
    {
      name: 'legacy key overridden in the instance is still reported where it sits',
      hosts: { files: { 'serverConf.xml': pipelined(' authPrivateKey="@abc="'), 'config-exec.xml': pipelined(' authPrivateKey=""') } },
      findings: [{ messageId: 'stranded', severity: 'high', data: { attribute: 'authPrivateKey', file: 'conf/serverConf.xml' }, instance: null, file: 'conf/serverConf.xml', path: 'serverconf/pipelined/@authPrivateKey' }],
    },
  ],
});
