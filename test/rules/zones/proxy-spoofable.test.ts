import { readFileSync } from 'node:fs';
import rule from '../../../src/rules/zones/proxy-spoofable.js';
import { testRule } from '../../helpers/rule-tester.js';

const DEFAULT_ZONES = readFileSync(new URL('../../../fixtures/real-world/docs-default-zones/conf/serverConf.xml', import.meta.url), 'utf8');
const conf = (zones: string): string => `<serverconf>${zones}</serverconf>`;
const EMPTY = '<serverconf/>';
/** Adobe's proxy example ("Sub networks and proxies in a security zone", security-zones.md), verbatim. */
const ADOBE_PROXY_EXAMPLE = conf(`<securityZone allowDebug="false" allowHTTP="false" label="Public Network"
                      name="public">
    <subNetwork label="All addresses" mask="*" name="all"
                      proxy="10.131.146.102,127.0.0.1, ::1"/>

    <securityZone allowDebug="true" allowHTTP="false" label="Private Network (VPN)"
                      name="vpn" showErrors="true">
        <securityZone allowDebug="true" allowEmptyPassword="false" allowHTTP="true"
                      allowUserPassword="false" label="Private Network (LAN)"
                      name="lan" sessionTokenOnly="true" showErrors="true">
            <subNetwork label="Lan proxy" mask="10.131.193.182" name="lan3"
                      proxy="10.131.146.102,127.0.0.1, ::1"/>
            <subNetwork label="Lan 1" mask="192.168.0.0/16" name="lan1"
                      proxy="127.0.0.1, ::1"/>

        </securityZone>
    </securityZone>
</securityZone>`);
const LAN = 'serverconf/securityZone[@name="public"]/securityZone[@name="vpn"]/securityZone[@name="lan"]';

testRule(rule, {
  valid: [
    { name: "Adobe's default zones", hosts: { files: { 'serverConf.xml': DEFAULT_ZONES, 'config-prod.xml': EMPTY } } },
    { name: "Adobe's proxy example: a private reverse proxy and loopback", hosts: { files: { 'config-prod.xml': ADOBE_PROXY_EXAMPLE } } },
    { name: 'no proxy attribute: the default 127.0.0.1', hosts: { files: { 'config-prod.xml': conf('<securityZone name="lan" allowDebug="true"><subNetwork mask="10.0.0.0/8"/></securityZone>') } } },
    { name: 'an empty proxy list trusts no proxy', hosts: { files: { 'config-prod.xml': conf('<securityZone name="lan"><subNetwork mask="10.0.0.0/8" proxy=""/></securityZone>') } } },
    {
      name: "a public proxy the policy allows (hardening.allowedNetworks)",
      hosts: { files: { 'config-prod.xml': conf('<securityZone name="lan" allowDebug="true"><subNetwork mask="10.0.0.0/8" proxy="198.51.100.7"/></securityZone>') } },
      policy: { hardening: { sessionTimeoutSec: 86400, allowedNetworks: ['198.51.100.7/32'] } },
    },
  ],
  invalid: [
    {
      name: 'proxy="*" on a sub-network of a zone that grants rights',
      hosts: { files: { 'serverConf.xml': DEFAULT_ZONES.replace('name="lan1" label="Lan 1" mask="192.168.0.0/16" proxy="127.0.0.1, ::1"', 'name="lan1" label="Lan 1" mask="192.168.0.0/16" proxy="127.0.0.1, *"'), 'config-prod.xml': EMPTY } },
      findings: [
        {
          messageId: 'spoofable',
          severity: 'high',
          data: { subNetwork: '"lan1"', zone: 'lan', scope: 'instance prod', proxies: '"*"', file: 'conf/serverConf.xml', mask: '"192.168.0.0/16"', rights: 'allowDebug, allowHTTP, sessionTokenOnly, showErrors' },
          instance: 'prod',
          file: 'conf/serverConf.xml',
          path: `${LAN}/subNetwork[@name="lan1"]/@proxy`,
        },
      ],
    },
    {
      name: 'a public proxy range on a zone without rights; a proxy entry not understood',
      hosts: { files: { 'config-prod.xml': conf('<securityZone name="public"><subNetwork name="all" mask="*" proxy="127.0.0.1, 203.0.113.0/24, 2001:db8::1"/><subNetwork name="x" mask="10.0.0.0/8" proxy="proxy.example.com"/></securityZone>') } },
      findings: [
        {
          messageId: 'spoofable',
          severity: 'medium',
          data: { subNetwork: '"all"', zone: 'public', scope: 'instance prod', proxies: '"203.0.113.0/24", "2001:db8::1"', file: 'conf/config-prod.xml', mask: '"*"', rights: 'no right beyond logging on' },
          path: 'serverconf/securityZone[@name="public"]/subNetwork[@name="all"]/@proxy',
        },
        {
          messageId: 'spoofable',
          severity: 'medium',
          data: { subNetwork: '"x"', zone: 'public', scope: 'instance prod', proxies: '"proxy.example.com" (not understood: not an IPv4 or IPv6 address; judged as any address)', file: 'conf/config-prod.xml', mask: '"10.0.0.0/8"', rights: 'no right beyond logging on' },
        },
      ],
    },
    {
      name: 'the instance file sets the proxy of a serverConf.xml sub-network; a right inherited from an outer zone raises the severity',
      hosts: {
        files: {
          'serverConf.xml': conf('<securityZone name="outer" showErrors="true"><securityZone name="inner"><subNetwork name="s" mask="10.0.0.0/8"/></securityZone></securityZone>'),
          'config-prod.xml': conf('<securityZone name="outer"><securityZone name="inner"><subNetwork name="s" proxy="8.8.8.8"/></securityZone></securityZone>'),
          'config-stage.xml': EMPTY,
        },
      },
      findings: [
        {
          messageId: 'spoofable',
          severity: 'high',
          data: { subNetwork: '"s"', zone: 'inner', scope: 'instance prod', proxies: '"8.8.8.8"', file: 'conf/config-prod.xml', mask: '"10.0.0.0/8"', rights: 'showErrors' },
          instance: 'prod',
          file: 'conf/config-prod.xml',
          path: 'serverconf/securityZone[@name="outer"]/securityZone[@name="inner"]/subNetwork[@name="s"]/@proxy',
        },
      ],
    },
    {
      name: 'past 100 findings for one instance, one finding counts the rest',
      hosts: { files: { 'config-prod.xml': conf(`<securityZone name="z">${'<subNetwork mask="10.0.0.0/8" proxy="*"/>'.repeat(130)}</securityZone>`) } },
      findings: [
        { messageId: 'more', severity: 'medium', data: { more: 31, scope: 'instance prod' }, instance: 'prod', file: null, path: null },
        ...Array.from({ length: 99 }, () => ({ messageId: 'spoofable' as const, severity: 'medium' as const })),
      ],
    },
  ],
});
