// Real reports for the trend tests, written by `campaign-audit scan --dir` over copies of the
// demo fixture hosts: three weeks of one fleet that migrates (a host is replaced, one is
// decommissioned, one is added, one cannot be read for a week), and one report of another
// fleet (the real-world fixtures). Every expected figure in the tests is counted from the list
// below and the demo hosts' credentials (fixtures/demo: prod is on JWT on mkt-prod-1 and on OAuth
// on mkt-prod-2; gs and mid_emea are on JWT; rt_emea, exec and stage on OAuth; sandbox has none).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { DEMO_DIR } from './demo.js';
import { runCli } from './cli.js';

export const REAL_WORLD_DIR = fileURLToPath(new URL('../../fixtures/real-world', import.meta.url));

/** The policy cutoff the fleet's scans use: inside the three weeks, like the JWT hard stop (2026-03-01). */
export const FLEET_CUTOFF = '2026-03-10';

/** Host folder → the demo host it is a copy of; null: a host whose conf/ is empty (status error, not scanned). */
type Week = Record<string, string | null>;

export const FLEET_WEEKS: Record<string, Week> = {
  // Instances: prod (JWT on mkt-prod-1, OAuth on mkt-prod-2), gs, mid_emea (JWT), rt_emea, exec (OAuth);
  // 2 of 5 migrated, 3 on JWT, on 3 containers.
  '2026-02-15': {
    'mkt-prod-1': 'mkt-prod-1',
    'mkt-prod-2': 'mkt-prod-2',
    'gs-legacy-1': 'gs-legacy-1',
    'mid-emea-1': 'mid-emea-1',
    'rt-emea-1': 'rt-emea-1',
    'exec-triggers-1': 'exec-triggers-1',
  },
  // mkt-prod-1 rebuilt on 7.4.1 with OAuth, gs-legacy-1 decommissioned, mkt-unknown-1 added,
  // mid-emea-1 not readable: prod, rt_emea, exec, stage migrated, 4 of 4 (mid_emea unseen).
  '2026-03-08': {
    'mkt-prod-1': 'mkt-prod-2',
    'mkt-prod-2': 'mkt-prod-2',
    'mid-emea-1': null,
    'rt-emea-1': 'rt-emea-1',
    'exec-triggers-1': 'exec-triggers-1',
    'mkt-unknown-1': 'mkt-unknown-1',
  },
  // mid-emea-1 back, still on JWT: 4 of 5 migrated, 1 on JWT, on 1 container.
  '2026-03-15': {
    'mkt-prod-1': 'mkt-prod-2',
    'mkt-prod-2': 'mkt-prod-2',
    'mid-emea-1': 'mid-emea-1',
    'rt-emea-1': 'rt-emea-1',
    'exec-triggers-1': 'exec-triggers-1',
    'mkt-unknown-1': 'mkt-unknown-1',
  },
};

async function scan(hostsDir: string, asOf: string, file: string, extra: readonly string[] = []): Promise<void> {
  const run = await runCli(['scan', '--dir', hostsDir, '--as-of', asOf, '--cutoff', FLEET_CUTOFF, '--no-progress', '-q', '--fail-on', 'none', ...extra, '-f', `json=${file}`]);
  assert.ok(run.code === 0 || run.code === 3, `scan ${hostsDir}: exit ${run.code}: ${run.stderr}`);
}

/** Writes the fleet's three reports into `reportsDir` as `fleet-<date>.json`, scanning host folders built under `workDir`; returns the report files, oldest first. */
export async function writeFleetReports(workDir: string, reportsDir: string): Promise<string[]> {
  mkdirSync(reportsDir, { recursive: true });
  const files: string[] = [];
  for (const [asOf, hosts] of Object.entries(FLEET_WEEKS)) {
    const hostsDir = join(workDir, `hosts-${asOf}`);
    for (const [name, from] of Object.entries(hosts)) {
      if (from === null) mkdirSync(join(hostsDir, name, 'conf'), { recursive: true });
      else cpSync(join(DEMO_DIR, from), join(hostsDir, name), { recursive: true });
    }
    const file = join(reportsDir, `fleet-${asOf}.json`);
    await scan(hostsDir, asOf, file);
    files.push(file);
  }
  return files;
}

/**
 * Scans again the hosts of one week that writeFleetReports built under `workDir`, with
 * `--checks checks` (e.g. "migration,security,hardening"), into `file`.
 */
export async function writeFleetReportWithChecks(workDir: string, asOf: string, checks: string, file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  await scan(join(workDir, `hosts-${asOf}`), asOf, file, ['--checks', checks]);
  return file;
}

/** A report of another fleet (the real-world fixture hosts: no host name in common with the demo). */
export async function writeOtherFleetReport(file: string, asOf = '2026-03-22'): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  await scan(REAL_WORLD_DIR, asOf, file);
  return file;
}
