// The hardening rules on the public real-world hosts (fixtures/real-world, sources in its README):
// Adobe's own config-<instance>.xml from the v7 migration page sets none of the checklist's
// attributes, so each rule that has a documented default judges it by that default; its
// serverConf.xml is Adobe's urlPermission snippet in warning mode.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../fixtures/real-world', import.meta.url));

describe('fixtures/real-world with --checks hardening', () => {
  it("judges Adobe's migrated instance by the documented defaults", async () => {
    const run = await runCli(['scan', '--dir', ROOT, '--checks', 'hardening', '--as-of', '2026-01-15', '-f', 'json']);
    const result = JSON.parse(run.stdout) as ScanResult;
    const findings = result.findings.filter((finding) => finding.host === 'docs-v7-migrated-instance');
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.severity, finding.messageId, finding.data?.source ?? null, finding.file, finding.path]),
      [
        ['uploads/allowlist-open', 'high', 'open', 'default', 'conf/config-myinstance.xml', 'serverconf/shared/dataStore/@uploadAllowlist'],
        ['exec/unrestricted', 'medium', 'unrestricted', null, 'conf/config-myinstance.xml', 'serverconf/shared/exec'],
        // Its MTA starts (<mta autoStart="true" …/>), and nothing sets enableTLS.
        ['mta/tls-disabled', 'medium', 'noTls', 'default', 'conf/config-myinstance.xml', 'serverconf/mta/child/smtp/@enableTLS'],
        ['sessions/ip-not-checked', 'medium', 'notChecked', 'default', 'conf/config-myinstance.xml', 'serverconf/shared/authentication/@checkIPConsistent'],
        // Its serverConf.xml is Adobe's urlPermission snippet, in warning mode.
        ['urls/permission-not-blocking', 'medium', 'open', 'set in conf/serverConf.xml', 'conf/serverConf.xml', 'serverconf/shared/urlPermission/@action'],
      ],
    );
    // Its banner has no build: operators/console-management-open (7.4.1 and later) does not judge it,
    // and web/webform-ctx-enabled only judges an explicit value. The unreadable config-demo.xml is left to config/unreadable.
    assert.deepEqual(result.findings.filter((finding) => finding.host === 'docs-enterprise-demo'), []);
  });
});
