// docs/security.md "Memory": peak RSS of a scan ≤ baseline + C × per-host budget (raw reads in
// flight) + the parse of one host (parsing is synchronous: one host at a time) + N × what a host
// keeps until the report. Measured on the real binary against a tiny scan's baseline in the
// same run, with N hosts each near the 16 MiB per-host budget at --concurrency C.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, runBinaryMeasured } from '../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-peak-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(() => ensureBuilt());

const HOSTS = 4;
const CONCURRENCY = 2;
const BUDGET_KIB = MAX_OUTPUT_BYTES / 1024;
/** The documented factors (docs/security.md): one host's parse ≤ 32 × budget, kept per host ≤ 8 × budget (RSS, with GC headroom). */
const PARSE_FACTOR = 32;
const KEPT_FACTOR = 8;

/** A host of three files just under the 5 MiB file cap (15 MiB of the 16 MiB budget), distinct per host so nothing is shared. */
function nearBudgetHost(root: string, name: string): void {
  mkdirSync(join(root, name, 'conf'), { recursive: true });
  for (const file of ['serverConf.xml', 'config-a.xml', 'config-b.xml']) {
    // A few huge attribute values: the shape that costs most per byte read once the tag bound holds.
    const size = 5 * 1024 * 1024 - 4096;
    const filler = `${name}-${file}-`.repeat(Math.ceil(size / 10)).slice(0, size);
    writeFileSync(join(root, name, 'conf', file), `<serverconf><shared><ims authIMSTAPrivateKey="@a2V5" note="${filler}"/></shared></serverconf>`);
  }
  writeFileSync(join(root, name, 'pdump.txt'), 'Application server for Adobe Campaign Classic (7.4.1 build 9383@abcdef0 of 18/06/2024)\n');
}

/** A generous --command-timeout: parsing is synchronous, so on a loaded machine the last host's read waits for the others' parses. */
async function peak(root: string, concurrency: number): Promise<{ kib: number; report: ScanResult }> {
  const run = await runBinaryMeasured(['scan', '--dir', root, '--format', 'json', '--no-progress', '--as-of', '2026-01-15', '--concurrency', String(concurrency), '--command-timeout', '600']);
  assert.equal(run.code, 1, `the JWT hosts fail the gate, nothing else (exit ${run.code}): ${run.stderr.slice(0, 400)}`);
  return { kib: run.maxRssKib, report: JSON.parse(run.stdout) as ScanResult };
}

describe('peak RSS of a scan', () => {
  it(`${HOSTS} hosts near the per-host budget at --concurrency ${CONCURRENCY} stay within the documented bound`, async (t) => {
    const tiny = join(scratch, 'tiny');
    mkdirSync(join(tiny, 'h', 'conf'), { recursive: true });
    writeFileSync(join(tiny, 'h', 'conf', 'serverConf.xml'), '<serverconf><shared><ims authIMSTAPrivateKey="@a2V5"/></shared></serverconf>');
    writeFileSync(join(tiny, 'h', 'conf', 'config-prod.xml'), '<serverconf/>');
    const fleet = join(scratch, 'fleet');
    for (let n = 0; n < HOSTS; n += 1) nearBudgetHost(fleet, `h${n}`);

    const baseline = await peak(tiny, CONCURRENCY);
    const run = await peak(fleet, CONCURRENCY);
    assert.deepEqual(run.report.hosts.map((entry) => [entry.name, entry.status]), Array.from({ length: HOSTS }, (_, n) => [`h${n}`, 'ok']));
    const bound = baseline.kib + CONCURRENCY * BUDGET_KIB + PARSE_FACTOR * BUDGET_KIB + HOSTS * KEPT_FACTOR * BUDGET_KIB;
    const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
    t.diagnostic(`baseline ${mib(baseline.kib)}; ${HOSTS} × 15 MiB hosts at concurrency ${CONCURRENCY}: ${mib(run.kib)} (bound ${mib(bound)})`);
    assert.ok(run.kib > baseline.kib, 'the measurement saw the hosts being read');
    assert.ok(run.kib < bound, `peak RSS ${mib(run.kib)} over the bound ${mib(bound)}`);
  });
});
