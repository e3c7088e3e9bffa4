// A host whose conf/ is empty, unreadable or missing still has a build
// (docs/campaign.md#version-banner): the pdump banner is read and judged on its own, the host
// status says why the configuration is missing, and the rules that need the configuration stay
// silent for that host.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanResult, Snapshot } from '../../src/model.js';
import { auditSnapshots } from '../helpers/audit.js';
import { runCli } from '../helpers/cli.js';

/** Real banner of a Windows 7.3.4 server (docs/campaign.md#version-banner): date inside the parentheses, no YY.R. */
const BANNER_9364 = '15:16:55 >   Application server for Adobe Campaign Classic (7.3.4 build 9364@8f3ef8e of 09/04/2023)\n';

function brokenConfSnapshot(name: string, error: string, pdump: string | null): Snapshot {
  return {
    schemaVersion: 1,
    host: { name, address: name, tags: [] },
    transport: 'ssh',
    collectedAt: '2026-01-15T00:00:00.000Z',
    status: 'error',
    error,
    installDir: '/usr/local/neolane/nl6',
    confListing: [],
    files: [],
    pdump,
  };
}

function scan(snapshots: Snapshot[], asOf = '2026-01-15'): Promise<ScanResult> {
  return auditSnapshots(snapshots, { asOf });
}

type Row = [host: string, ruleId: string, severity: string, messageId: string | undefined];
const rows = (result: ScanResult): Row[] => result.findings.map((finding) => [finding.host, finding.ruleId, finding.severity, finding.messageId]);

describe('version without config (snapshots)', () => {
  it('empty, unreadable and missing conf/: each host keeps 7.3.4 build 9364, is below 7.4.1, and its status says why', async () => {
    const result = await scan([
      brokenConfSnapshot('empty', 'no serverConf.xml or config-*.xml in /usr/local/neolane/nl6/conf', BANNER_9364),
      brokenConfSnapshot('unreadable', 'cannot list conf/: permission denied', BANNER_9364),
      brokenConfSnapshot('missing', 'no conf/ directory under the install dir', BANNER_9364),
    ]);
    assert.deepEqual(
      result.hosts.map((host) => [host.name, host.status, host.error, host.product, host.version, host.build, host.sha]),
      [
        ['empty', 'error', 'no serverConf.xml or config-*.xml in /usr/local/neolane/nl6/conf', 'v7', '7.3.4', 9364, '8f3ef8e'],
        ['unreadable', 'error', 'cannot list conf/: permission denied', 'v7', '7.3.4', 9364, '8f3ef8e'],
        ['missing', 'error', 'no conf/ directory under the install dir', 'v7', '7.3.4', 9364, '8f3ef8e'],
      ],
    );
    assert.deepEqual(rows(result), [
      ['empty', 'build/below-minimum', 'high', 'below'],
      ['missing', 'build/below-minimum', 'high', 'below'],
      ['unreadable', 'build/below-minimum', 'high', 'below'],
    ]);
    assert.deepEqual(result.findings[0]?.data, { build: 9364, version: '7.3.4', minVersion: '7.4.1', minBuild: 9383 });
    assert.deepEqual([result.summary.scanned, result.summary.notScanned, result.summary.verdict], [0, 3, 'fail']);
  });

  it('judges only the version: a v8 banner gives product/v8, a banner without a build gives build/unknown, no banner gives nothing', async () => {
    const result = await scan([
      brokenConfSnapshot('v8', 'no serverConf.xml or config-*.xml in /usr/local/neolane/nl6/conf', '07:00:00 > Application server for Adobe Campaign (8.6.1 build 9412@2a9f3c7) of 14/11/2024\n'),
      brokenConfSnapshot('redacted', 'cannot list conf/: permission denied', '13:31:32 >   Application server for Adobe Campaign v7 (7.0 build XXXX) of XX/XX/20XX\n'),
      brokenConfSnapshot('no-banner', 'no conf/ directory under the install dir', 'no task\n'),
      brokenConfSnapshot('no-pdump', 'no conf/ directory under the install dir', null),
    ]);
    assert.deepEqual(rows(result), [
      ['redacted', 'build/unknown', 'medium', 'noBuild'],
      ['v8', 'product/v8', 'info', 'v8'],
    ]);
    assert.equal(result.summary.verdict, 'incomplete');
  });

  it('a host that was not reached is not judged, even with a banner in its snapshot', async () => {
    for (const status of ['unreachable', 'timeout', 'auth-failed', 'host-key-mismatch', 'host-key-unknown'] as const) {
      const snapshot = { ...brokenConfSnapshot('down', 'connection refused', BANNER_9364), status };
      assert.deepEqual(rows(await scan([snapshot])), [], status);
    }
  });
});

describe('version without config (--dir)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ca-noconf-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  for (const name of ['empty', 'missing', 'not-a-dir']) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'pdump.txt'), BANNER_9364);
  }
  mkdirSync(join(root, 'empty', 'conf'));
  // conf/ that cannot be read as a directory (a permission test would pass as root).
  writeFileSync(join(root, 'not-a-dir', 'conf'), '');

  it('reads pdump.txt whatever happened to conf/ and reports exact findings', async () => {
    const run = await runCli(['scan', '--dir', root, '--as-of', '2026-01-15', '-f', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(
      result.hosts.map((host) => [host.name, host.status, host.error, host.version, host.build]),
      [
        ['empty', 'error', `no serverConf.xml or config-*.xml in ${join(root, 'empty', 'conf')}`, '7.3.4', 9364],
        ['missing', 'error', 'no conf/ directory in the host folder', '7.3.4', 9364],
        ['not-a-dir', 'error', 'conf/ is a file, not a directory', '7.3.4', 9364],
      ],
    );
    assert.deepEqual(rows(result), [
      ['empty', 'build/below-minimum', 'high', 'below'],
      ['missing', 'build/below-minimum', 'high', 'below'],
      ['not-a-dir', 'build/below-minimum', 'high', 'below'],
    ]);
  });
});
