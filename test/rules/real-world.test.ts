// The hosts of fixtures/real-world (public files and banners, sources in its README) scanned as
// a user would, with the exact findings the tool must give.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../fixtures/real-world', import.meta.url));

describe('fixtures/real-world', () => {
  it('scans to the exact expected hosts and findings (as of 2026-01-15)', async () => {
    const run = await runCli(['scan', '--dir', ROOT, '--as-of', '2026-01-15', '--checks', 'migration,security,hardening', '-f', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      result.hosts.map((host) => [host.name, host.status, host.error ?? null, host.product, host.version, host.build, host.instances.map((instance) => `${instance.name}:${instance.credential}`)]),
      [
        ['docs-default-zones', 'ok', null, null, null, null, []],
        ['docs-enterprise-demo', 'ok', null, null, null, null, ['demo:unknown']],
        ['docs-v7-migrated-instance', 'ok', null, null, null, null, ['myinstance:none']],
        ['docs-zone-example', 'ok', null, null, null, null, []],
        ['win-734-fresh-install', 'error', `no serverConf.xml or config-*.xml in ${join(ROOT, 'win-734-fresh-install', 'conf')}`, 'v7', '7.3.4', 9364, []],
      ],
    );
    assert.deepEqual(
      result.findings.map((finding) => [finding.host, finding.ruleId, finding.severity, finding.messageId, finding.instance, finding.file, finding.path]),
      [
        ['docs-enterprise-demo', 'config/unreadable', 'high', 'unreadable', 'demo', 'conf/config-demo.xml', null],
        ['docs-v7-migrated-instance', 'secrets/plaintext', 'high', 'flaggedEncrypted', 'myinstance', 'conf/config-myinstance.xml', 'serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx/@password'],
        // Adobe's migrated-instance file leaves the hardening settings at their defaults.
        ['docs-v7-migrated-instance', 'uploads/allowlist-open', 'high', 'open', 'myinstance', 'conf/config-myinstance.xml', 'serverconf/shared/dataStore/@uploadAllowlist'],
        ['win-734-fresh-install', 'build/below-minimum', 'high', 'below', null, null, null],
        ['docs-default-zones', 'build/unknown', 'medium', 'noVersion', null, null, null],
        ['docs-enterprise-demo', 'build/unknown', 'medium', 'noVersion', null, null, null],
        ['docs-v7-migrated-instance', 'build/unknown', 'medium', 'bannerWithoutNumbers', null, null, null],
        ['docs-v7-migrated-instance', 'exec/unrestricted', 'medium', 'unrestricted', 'myinstance', 'conf/config-myinstance.xml', 'serverconf/shared/exec'],
        ['docs-v7-migrated-instance', 'mta/tls-disabled', 'medium', 'noTls', 'myinstance', 'conf/config-myinstance.xml', 'serverconf/mta/child/smtp/@enableTLS'],
        ['docs-v7-migrated-instance', 'sessions/ip-not-checked', 'medium', 'notChecked', 'myinstance', 'conf/config-myinstance.xml', 'serverconf/shared/authentication/@checkIPConsistent'],
        // Its serverConf.xml is Adobe's urlPermission snippet in warning mode.
        ['docs-v7-migrated-instance', 'urls/permission-not-blocking', 'medium', 'open', 'myinstance', 'conf/serverConf.xml', 'serverconf/shared/urlPermission/@action'],
        ['docs-zone-example', 'build/unknown', 'medium', 'noVersion', null, null, null],
        // Adobe's first zone example sets allowEmptyPassword="true" on the LAN; Adobe's own advice is never to.
        ['docs-zone-example', 'zones/public-rights', 'medium', 'never', null, 'conf/serverConf.xml', 'serverconf/securityZone[@name="public"]/securityZone[@name="vpn"]/securityZone[@name="lan"]/@allowEmptyPassword'],
      ],
    );
    assert.deepEqual(result.findings.find((finding) => finding.ruleId === 'build/below-minimum')?.data, { build: 9364, version: '7.3.4', minVersion: '7.4.1', minBuild: 9383 });
    assert.equal(result.findings.find((finding) => finding.ruleId === 'secrets/plaintext')?.data?.flag, '1');
    // The placeholder password is reported by its fingerprint only.
    assert.doesNotMatch(run.stdout, /myPassword/);
  });

  it('a year later, the 7.3.4 host is also affected by the 2026 security bulletins', async () => {
    const result = JSON.parse((await runCli(['scan', '--dir', ROOT, '--as-of', '2026-11-27', '-f', 'json'])).stdout) as ScanResult;
    const win = result.findings.filter((finding) => finding.host === 'win-734-fresh-install').map((finding) => [finding.ruleId, finding.severity, finding.data?.fixedBuild ?? null]);
    assert.deepEqual(win, [['build/below-minimum', 'high', null], ['build/security-fix-missing', 'high', 9402]]);
  });

  it('has a README that cites a source for every host folder, and no internal reference', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const hosts = readdirSync(ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    assert.equal(hosts.length, 5);
    for (const host of hosts) assert.match(readme, new RegExp(`\\| \`${host}\` \\| .* \\| .*https://`), host);
    assert.doesNotMatch(readme, /DOMAIN\.md|DESIGN\.md|seed page/);
  });
});
