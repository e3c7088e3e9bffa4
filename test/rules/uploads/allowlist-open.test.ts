import rule from '../../../src/rules/uploads/allowlist-open.js';
import { confXml } from '../../helpers/hardening.js';
import { testRule } from '../../helpers/rule-tester.js';

const PATH = 'serverconf/shared/dataStore/@uploadAllowlist';
const dataStore = (attributes: string): string => `<dataStore hosts="*" ${attributes}><dataSource name="default"><dbcnx login="campaign" password="@c2VjcmV0" provider="postgresql" server="db"/></dataSource></dataStore>`;

testRule(rule, {
  valid: [
    // Adobe's example, "File and resource management": PNG and JPG only.
    { name: "Adobe's example list (.*.png,.*.jpg)", hosts: { files: { 'serverConf.xml': confXml(dataStore('uploadAllowlist=".*.png,.*.jpg"')), 'config-prod.xml': confXml() } } },
    { name: 'the pre-rename name uploadWhiteList, restricted', hosts: { files: { 'config-prod.xml': confXml(dataStore('uploadWhiteList=".*\\.(png|jpg|pdf|csv)"')) } } },
    // Never run: a pattern that backtracks for hours on a short name is read, not executed.
    { name: 'a hostile pattern is not run', hosts: { files: { 'config-prod.xml': confXml(dataStore(`uploadAllowlist="(${'.*'.repeat(40)})*!"`)) } } },
    { name: 'the instance file narrows the default of serverConf.xml', hosts: { files: { 'serverConf.xml': confXml(dataStore('uploadAllowlist=".+"')), 'config-prod.xml': confXml(dataStore('uploadAllowlist=".*\\.pdf"')) } } },
  ],
  invalid: [
    {
      name: 'not set anywhere: the default .+',
      hosts: { files: { 'serverConf.xml': confXml(dataStore('')), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'open', severity: 'high', data: { instance: 'prod', attribute: 'uploadAllowlist', value: '.+', source: 'default' }, instance: 'prod', file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'set to .+ in serverConf.xml',
      hosts: { files: { 'serverConf.xml': confXml(dataStore('uploadAllowlist=".+"')), 'config-prod.xml': confXml() } },
      findings: [{ messageId: 'open', severity: 'high', data: { instance: 'prod', attribute: 'uploadAllowlist', value: '.+', source: 'set in conf/serverConf.xml' }, file: 'conf/serverConf.xml', path: PATH }],
    },
    {
      name: 'a list whose one part accepts anything',
      hosts: { files: { 'config-prod.xml': confXml(dataStore('uploadAllowlist=".*.png,.*"')) } },
      findings: [{ messageId: 'open', severity: 'high', data: { instance: 'prod', attribute: 'uploadAllowlist', value: '.*.png,.*', source: 'set in conf/config-prod.xml' } }],
    },
    {
      name: 'anchored and grouped forms of .+',
      hosts: { files: { 'serverConf.xml': confXml(dataStore('uploadAllowlist="^.*$"')), 'config-prod.xml': confXml(), 'config-stage.xml': confXml(dataStore('uploadAllowlist=".*\\.pdf,(.+)"')) } },
      findings: [
        { messageId: 'open', severity: 'high', instance: 'prod', data: { instance: 'prod', attribute: 'uploadAllowlist', value: '^.*$', source: 'set in conf/serverConf.xml' } },
        { messageId: 'open', severity: 'high', instance: 'stage', data: { instance: 'stage', attribute: 'uploadAllowlist', value: '.*\\.pdf,(.+)', source: 'set in conf/config-stage.xml' } },
      ],
    },
    {
      name: 'the instance file empties the list',
      hosts: { files: { 'serverConf.xml': confXml(dataStore('uploadAllowlist=".*.png"')), 'config-prod.xml': confXml(dataStore('uploadAllowlist=""')) } },
      findings: [{ messageId: 'empty', severity: 'high', data: { instance: 'prod', attribute: 'uploadAllowlist', source: 'set in conf/config-prod.xml' }, file: 'conf/config-prod.xml', path: PATH }],
    },
    {
      name: 'uploadWhiteList=".+"',
      hosts: { files: { 'config-prod.xml': confXml(dataStore('uploadWhiteList=".+"')) } },
      findings: [{ messageId: 'open', severity: 'high', data: { instance: 'prod', attribute: 'uploadWhiteList', value: '.+', source: 'set in conf/config-prod.xml' }, path: 'serverconf/shared/dataStore/@uploadWhiteList' }],
    },
  ],
});
