import rule from '../../../src/rules/secrets/plaintext.js';
import { configXml, fingerprintSecret } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const dbcnx = (password: string, flag = ' encrypted="1"'): string =>
  `<serverconf><shared><dataStore><dataSource name="default"><dbcnx${flag} login="l" password="${password}"/></dataSource></dataStore></shared></serverconf>`;

testRule(rule, {
  valid: [
    { name: 'encrypted @… values', hosts: { files: { 'config-prod.xml': configXml({ authIMSTAClientSecret: '@c2VjcmV0', authIMSTAPrivateKey: '@a2V5', authIMSClientSecret: '@eA==', authIMSCode: '@eQ==' }) } } },
    { name: 'empty values', hosts: { files: { 'serverConf.xml': dbcnx('') } } },
    { name: 'dbcnx encrypted="1" with the "@…" form, as real files carry it', hosts: { files: { 'serverConf.xml': dbcnx('@k0Q69+ite1IoOSavXZ4IUuknDGes15uSiXf3AN8+dL3zejbU4G4fjhwnU5ryFG+l') } } },
    { name: 'a non-secret attribute', hosts: { files: { 'config-prod.xml': configXml({ authIMSTAClientId: 'plain-client-id' }) } } },
    { name: 'password on an element that is not dbcnx', hosts: { files: { 'config-prod.xml': configXml({}, '<web password="x"/>') } } },
  ],
  invalid: [
    {
      name: 'clear-text dbcnx password (Adobe doc sample shape): only its fingerprint is in the data',
      hosts: { files: { 'config-prod.xml': dbcnx('myPassword', '') } },
      findings: [
        {
          messageId: 'plaintext',
          severity: 'high',
          data: { element: 'dbcnx', attribute: 'password', file: 'conf/config-prod.xml', fingerprint: fingerprintSecret('myPassword') },
          instance: 'prod',
          file: 'conf/config-prod.xml',
          path: 'serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx/@password',
        },
      ],
    },
    {
      name: 'dbcnx encrypted="1" with a value not in the "@…" form: clear text, and the flag does not protect it',
      hosts: { files: { 'config-prod.xml': dbcnx('myPassword') } },
      findings: [
        {
          messageId: 'flaggedEncrypted',
          severity: 'high',
          data: { element: 'dbcnx', attribute: 'password', file: 'conf/config-prod.xml', fingerprint: fingerprintSecret('myPassword'), flag: '1' },
          instance: 'prod',
          file: 'conf/config-prod.xml',
          path: 'serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx/@password',
        },
      ],
    },
    {
      name: 'clear-text technical account secret and key in serverConf.xml',
      hosts: { files: { 'serverConf.xml': configXml({ authIMSTAClientSecret: 'p1ain', authIMSTAPrivateKey: 'LS0tLS1CRUdJTg==' }) } },
      findings: [
        { messageId: 'plaintext', severity: 'high', data: { element: 'ims', attribute: 'authIMSTAClientSecret', file: 'conf/serverConf.xml', fingerprint: fingerprintSecret('p1ain') }, instance: null, file: 'conf/serverConf.xml', path: 'serverconf/shared/ims/@authIMSTAClientSecret' },
        { messageId: 'plaintext', severity: 'high', instance: null, file: 'conf/serverConf.xml', path: 'serverconf/shared/ims/@authIMSTAPrivateKey' },
      ],
    },
    {
      name: 'clear-text pipelined authPrivateKey, also on v8 (file hygiene)',
      hosts: { files: { 'config-exec.xml': configXml({}, '<pipelined authPrivateKey="notencrypted"/>') }, pdump: 'Application server for Adobe Campaign (8.6.1 build 9412) of 01/01/2025' },
      findings: [{ messageId: 'plaintext', severity: 'high', instance: 'exec', path: 'serverconf/pipelined/@authPrivateKey' }],
    },
  ],
});
