import { readFileSync } from 'node:fs';
import rule from '../../../src/rules/zones/public-rights.js';
import { testRule } from '../../helpers/rule-tester.js';

const DEFAULT_ZONES = readFileSync(new URL('../../../fixtures/real-world/docs-default-zones/conf/serverConf.xml', import.meta.url), 'utf8');
const conf = (zones: string): string => `<serverconf><shared/>${zones}</serverconf>`;
const EMPTY = '<serverconf/>';
const PUBLIC = 'serverconf/securityZone[@name="public"]';
const LAN = `${PUBLIC}/securityZone[@name="vpn"]/securityZone[@name="lan"]`;
/** Adobe's default zones with the public zone's rights replaced. */
const publicWith = (attributes: string): string => DEFAULT_ZONES.replace('allowDebug="false" allowHTTP="false" allowSQLInjection="false" label="Public Network"', `${attributes} label="Public Network"`);
const ALL = 'subNetwork "all" mask "*"';
/** 150 zones open to every address with allowDebug; the last also allows empty passwords. */
const MANY_ZONES = conf(Array.from({ length: 150 }, (_, index) => `<securityZone name="z${index}" allowDebug="true"${index === 149 ? ' allowEmptyPassword="true"' : ''}><subNetwork mask="*"/></securityZone>`).join(''));

testRule(rule, {
  valid: [
    { name: "Adobe's default zones (the-server-configuration-file.md), two instances", hosts: { files: { 'serverConf.xml': DEFAULT_ZONES, 'config-a.xml': EMPTY, 'config-b.xml': EMPTY } } },
    { name: 'a zone opened to * with every right false', hosts: { files: { 'config-prod.xml': conf('<securityZone name="p" allowDebug="false" showErrors="0"><subNetwork name="all" mask="*"/></securityZone>') } } },
    { name: 'private, loopback and link-local zones may allow debug and HTTP', hosts: { files: { 'config-prod.xml': conf('<securityZone name="lan" allowDebug="true" allowHTTP="true"><subNetwork mask="10.1.0.0/16"/><subNetwork mask="fe80::/10"/><subNetwork mask="169.254.0.0/16"/></securityZone>') } } },
    {
      name: "a public network the policy allows (hardening.allowedNetworks)",
      hosts: { files: { 'config-prod.xml': conf('<securityZone name="partner" allowDebug="true"><subNetwork mask="203.0.113.0/24"/><subNetwork mask="2001:db8::/48"/></securityZone>') } },
      policy: { hardening: { sessionTimeoutSec: 86400, allowedNetworks: ['203.0.113.0/24', '2001:db8::/32'] } },
    },
    {
      name: 'the instance file tightens the zone serverConf.xml opens',
      hosts: { files: { 'serverConf.xml': publicWith('allowDebug="true"'), 'config-prod.xml': conf('<securityZone name="public" allowDebug="false"/>') } },
    },
    { name: 'a right with a fingerprinted value (evidence saved by an older collector) is not guessed', hosts: { files: { 'config-prod.xml': conf('<securityZone name="p" allowDebug="sha256:0123456789ab"><subNetwork mask="*"/></securityZone>') } } },
    { name: 'no zone at all', hosts: { files: { 'serverConf.xml': EMPTY, 'config-prod.xml': EMPTY } } },
  ],
  invalid: [
    {
      name: 'a zone opened to * with allowDebug',
      hosts: { files: { 'serverConf.xml': publicWith('allowDebug="true"'), 'config-prod.xml': EMPTY } },
      findings: [
        {
          messageId: 'public',
          severity: 'medium',
          data: { zone: 'public', right: 'allowDebug', file: 'conf/serverConf.xml', count: 1, networks: ALL, scope: 'instance prod' },
          instance: 'prod',
          file: 'conf/serverConf.xml',
          path: `${PUBLIC}/@allowDebug`,
        },
      ],
    },
    {
      name: "a right on an outer zone reaches the public networks of the zones inside it; an inner right reaches only its own",
      hosts: {
        files: {
          'config-prod.xml': conf(`<securityZone name="partners" allowHTTP="true">
            <securityZone name="extranet" showErrors="true"><subNetwork name="ext" mask="198.51.100.0/24"/></securityZone>
            <securityZone name="office" allowDebug="true"><subNetwork name="hq" mask="10.0.0.0/8"/></securityZone>
          </securityZone>`),
        },
      },
      findings: [
        { messageId: 'public', severity: 'medium', data: { zone: 'partners', right: 'allowHTTP', file: 'conf/config-prod.xml', count: 1, networks: 'subNetwork "ext" mask "198.51.100.0/24"', scope: 'instance prod' }, path: 'serverconf/securityZone[@name="partners"]/@allowHTTP' },
        { messageId: 'public', severity: 'medium', path: 'serverconf/securityZone[@name="partners"]/securityZone[@name="extranet"]/@showErrors' },
      ],
    },
    {
      name: 'severity by right; the "never" rights are reported on private zones too',
      hosts: {
        files: {
          'config-prod.xml': conf(`<securityZone name="web" allowEmptyPassword="true" allowUserPassword="true" allowSQLInjection="true" sessionTokenOnly="true"><subNetwork mask="0.0.0.0/0"/>
            <securityZone name="lan" allowEmptyPassword="true" allowUserPassword="1" allowSQLInjection="True" allowHTTP="true"><subNetwork mask="192.168.0.0/16"/></securityZone>
          </securityZone>
          <securityZone name="empty" allowSQLInjection="true"/>`),
        },
      },
      findings: [
        { messageId: 'public', severity: 'critical', data: { zone: 'web', right: 'allowEmptyPassword', file: 'conf/config-prod.xml', count: 1, networks: 'subNetwork serverconf/securityZone[@name="web"]/subNetwork mask "0.0.0.0/0"', scope: 'instance prod' } },
        { messageId: 'public', severity: 'high', data: { zone: 'web', right: 'allowSQLInjection', file: 'conf/config-prod.xml', count: 1, networks: 'subNetwork serverconf/securityZone[@name="web"]/subNetwork mask "0.0.0.0/0"', scope: 'instance prod' } },
        { messageId: 'public', severity: 'high', path: 'serverconf/securityZone[@name="web"]/@allowUserPassword' },
        { messageId: 'never', severity: 'medium', data: { zone: 'empty', right: 'allowSQLInjection', file: 'conf/config-prod.xml', networks: 'no sub-network', scope: 'instance prod' } },
        { messageId: 'public', severity: 'medium', path: 'serverconf/securityZone[@name="web"]/@sessionTokenOnly' },
        {
          messageId: 'never',
          severity: 'medium',
          data: { zone: 'lan', right: 'allowEmptyPassword', file: 'conf/config-prod.xml', networks: 'subNetwork serverconf/securityZone[@name="web"]/securityZone[@name="lan"]/subNetwork mask "192.168.0.0/16"', scope: 'instance prod' },
          path: 'serverconf/securityZone[@name="web"]/securityZone[@name="lan"]/@allowEmptyPassword',
        },
        { messageId: 'never', severity: 'medium', path: 'serverconf/securityZone[@name="web"]/securityZone[@name="lan"]/@allowSQLInjection' },
        { messageId: 'never', severity: 'medium', path: 'serverconf/securityZone[@name="web"]/securityZone[@name="lan"]/@allowUserPassword' },
      ],
    },
    {
      name: 'IPv6: a global unicast range is public',
      hosts: { files: { 'config-prod.xml': conf('<securityZone name="v6" showErrors="true"><subNetwork name="ula" mask="fc00::/7"/><subNetwork name="gua" mask="2001:db8::/32"/></securityZone>') } },
      findings: [{ messageId: 'public', severity: 'medium', data: { zone: 'v6', right: 'showErrors', file: 'conf/config-prod.xml', count: 1, networks: 'subNetwork "gua" mask "2001:db8::/32"', scope: 'instance prod' } }],
    },
    {
      name: "a mask not understood (Adobe's a.b.c.d/xx placeholder) is judged as any address",
      hosts: { files: { 'config-prod.xml': conf('<securityZone name="vpn" allowDebug="true"><subNetwork id="cus1" mask="a.b.c.d/xx"/><subNetwork name="none"/></securityZone>') } },
      findings: [
        {
          messageId: 'public',
          severity: 'medium',
          data: {
            zone: 'vpn',
            right: 'allowDebug',
            file: 'conf/config-prod.xml',
            count: 2,
            networks: 'subNetwork "cus1" mask "a.b.c.d/xx" (not understood: not an IPv4 or IPv6 address; judged as any address); subNetwork "none" mask "" (not understood: no mask; judged as any address)',
            scope: 'instance prod',
          },
        },
      ],
    },
    {
      name: 'an instance file adds a public sub-network to a zone whose right serverConf.xml sets: only that instance',
      hosts: {
        files: {
          'serverConf.xml': DEFAULT_ZONES,
          'config-prod.xml': conf('<securityZone name="public"><securityZone name="vpn"><subNetwork id="cus1" mask="203.0.113.10"/></securityZone></securityZone>'),
          'config-stage.xml': EMPTY,
        },
      },
      findings: [
        {
          messageId: 'public',
          severity: 'medium',
          data: { zone: 'vpn', right: 'allowDebug', file: 'conf/serverConf.xml', count: 1, networks: 'subNetwork "cus1" mask "203.0.113.10" in conf/config-prod.xml', scope: 'instance prod' },
          instance: 'prod',
          file: 'conf/serverConf.xml',
          path: `${PUBLIC}/securityZone[@name="vpn"]/@allowDebug`,
        },
        { messageId: 'public', severity: 'medium', instance: 'prod', path: `${PUBLIC}/securityZone[@name="vpn"]/@showErrors` },
      ],
    },
    {
      name: 'every instance that sees the zone; a host without instance files is judged on serverConf.xml',
      hosts: [
        { name: 'two', files: { 'serverConf.xml': publicWith('showErrors="true"'), 'config-a.xml': EMPTY, 'config-b.xml': EMPTY } },
        { name: 'none', files: { 'serverConf.xml': DEFAULT_ZONES.replace('allowUserPassword="false"', 'allowUserPassword="true"') } },
      ],
      findings: [
        {
          messageId: 'never',
          severity: 'medium',
          host: 'none',
          instance: null,
          data: {
            zone: 'lan',
            right: 'allowUserPassword',
            file: 'conf/serverConf.xml',
            networks: 'subNetwork "lan1" mask "192.168.0.0/16"; subNetwork "lan2" mask "172.16.0.0/12"; subNetwork "lan3" mask "10.0.0.0/8" and 4 more',
            scope: 'conf/serverConf.xml, no instance file',
          },
          path: `${LAN}/@allowUserPassword`,
        },
        { messageId: 'public', severity: 'medium', host: 'two', instance: 'a' },
        { messageId: 'public', severity: 'medium', host: 'two', instance: 'b' },
      ],
    },
    {
      name: 'past 100 findings for one instance, one finding counts the rest at the severity of the worst of them',
      hosts: { files: { 'config-prod.xml': MANY_ZONES } },
      findings: [
        { messageId: 'more', severity: 'critical', data: { more: 52, scope: 'instance prod' }, instance: 'prod', file: null, path: null },
        ...Array.from({ length: 99 }, () => ({ messageId: 'public' as const, severity: 'medium' as const })),
      ],
    },
  ],
});
