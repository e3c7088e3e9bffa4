import rule from '../../../src/rules/fleet/instance-drift.js';
import { configXml, OAUTH_ATTRIBUTES, pdumpLine } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const oauthHost = (name: string, build = 9383) => ({ name, files: { 'config-prod.xml': configXml(OAUTH_ATTRIBUTES) }, pdump: pdumpLine('7.4.1', build) });

testRule(rule, {
  valid: [
    { name: 'two hosts of one instance, same build and credential', hosts: [oauthHost('a'), oauthHost('b')] },
    { name: 'one host alone', hosts: [oauthHost('a')] },
    { name: 'different instances on different builds', hosts: [oauthHost('a'), { name: 'b', files: { 'config-stage.xml': configXml() }, pdump: pdumpLine('7.3.5', 9368) }] },
    { name: 'an unknown build does not count as different', hosts: [oauthHost('a'), { ...oauthHost('b'), pdump: 'no task' }] },
  ],
  invalid: [
    {
      name: 'same instance, different builds and credentials → one finding for the instance, on its first host, naming every host',
      hosts: [oauthHost('a'), { name: 'b', files: { 'config-prod.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }) }, pdump: pdumpLine('7.3.5', 9368) }],
      findings: [
        { messageId: 'drift', severity: 'high', host: 'a', instance: 'prod', file: 'conf/config-prod.xml', path: null, data: { instance: 'prod', count: 2, details: 'a build 9383 oauth; b build 9368 jwt' } },
      ],
    },
    {
      name: 'same credential, different builds',
      hosts: [oauthHost('a', 9383), oauthHost('b', 9400), oauthHost('c', 9383)],
      findings: [
        { messageId: 'drift', severity: 'high', host: 'a', data: { instance: 'prod', count: 3, details: 'a build 9383 oauth; b build 9400 oauth; c build 9383 oauth' } },
      ],
    },
    {
      name: 'the first host by name carries the finding, whatever the scan order',
      hosts: [{ name: 'z', files: { 'config-prod.xml': configXml({ authIMSTAPrivateKey: '@a2V5' }) }, pdump: pdumpLine('7.3.5', 9368) }, oauthHost('m')],
      findings: [{ messageId: 'drift', severity: 'high', host: 'm', instance: 'prod', data: { instance: 'prod', count: 2, details: 'm build 9383 oauth; z build 9368 jwt' } }],
    },
  ],
});
