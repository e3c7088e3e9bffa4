// docs/security.md "Memory": a scan judges each host as it finishes and keeps only its summary
// and findings, so its memory does not grow with the number of hosts: peak RSS ≤ baseline +
// C × per-host budget (raw reads in flight) + the parse of one host (parsing is synchronous: one
// host at a time) + N × a few KiB. Measured on the real binary, against runs in the same test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import { MAX_XML_BYTES, MAX_XML_TAG_LENGTH } from '../../src/parse/xml.js';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, runBinaryMeasured } from '../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-peak-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(() => ensureBuilt());

const CONCURRENCY = 2;
const BUDGET_KIB = MAX_OUTPUT_BYTES / 1024;
const BANNER = 'Application server for Adobe Campaign Classic (7.4.1 build 9383@abcdef0 of 18/06/2024)\n';
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;

/**
 * A host whose parsed configuration costs far more than its files: 24,000 elements (just under
 * the 25,000 a host may have) in 470 KB. Before streaming, each such host kept about 15 MiB of
 * heap until the report, so 6 of them needed more than a 96 MB heap; now one at a time is live.
 */
function elementHost(root: string, name: string): void {
  mkdirSync(join(root, name, 'conf'), { recursive: true });
  const elements = Array.from({ length: 24_000 }, (_, n) => `<e${n} a="${name}-${n}"/>`).join('');
  writeFileSync(join(root, name, 'conf', 'serverConf.xml'), `<serverconf><shared>${elements}</shared></serverconf>`);
  writeFileSync(join(root, name, 'conf', 'config-prod.xml'), '<serverconf/>');
  writeFileSync(join(root, name, 'pdump.txt'), BANNER);
}

/** A small host still on JWT: its findings must come out whole beside the large hosts. */
function healthyHost(root: string): void {
  mkdirSync(join(root, 'healthy', 'conf'), { recursive: true });
  writeFileSync(join(root, 'healthy', 'conf', 'serverConf.xml'), '<serverconf><shared><ims authIMSTAPrivateKey="@a2V5"/></shared></serverconf>');
  writeFileSync(join(root, 'healthy', 'conf', 'config-prod.xml'), '<serverconf/>');
  writeFileSync(join(root, 'healthy', 'pdump.txt'), BANNER);
}

/**
 * A host of three files just under the 5 MiB file cap (15 MiB of the 16 MiB budget), distinct per
 * host so nothing is shared, made of the longest tags the parser takes (MAX_XML_TAG_LENGTH): they
 * fill the read budget. What a parse costs at the element, tag and attribute bounds, in far
 * fewer bytes, is measured in memory-bomb.test.ts.
 */
function nearBudgetHost(root: string, name: string): void {
  mkdirSync(join(root, name, 'conf'), { recursive: true });
  for (const file of ['serverConf.xml', 'config-a.xml', 'config-b.xml']) {
    const value = (n: number): string => `${name}-${file}-${n}-`.repeat(MAX_XML_TAG_LENGTH).slice(0, MAX_XML_TAG_LENGTH - 32);
    const tags = Array.from({ length: Math.floor((MAX_XML_BYTES - 4096) / MAX_XML_TAG_LENGTH) }, (_, n) => `<e${n} v="${value(n)}"/>`).join('');
    writeFileSync(join(root, name, 'conf', file), `<serverconf><shared><ims authIMSTAPrivateKey="@a2V5"/>${tags}</shared></serverconf>`);
  }
  writeFileSync(join(root, name, 'pdump.txt'), BANNER);
}

/** A generous --command-timeout: parsing is synchronous, so on a loaded machine the last host's read waits for the others' parses. */
async function scan(root: string, nodeArgs: readonly string[] = []): Promise<{ kib: number; report: ScanResult }> {
  const run = await runBinaryMeasured(['scan', '--dir', root, '--format', 'json', '--no-progress', '--as-of', '2026-01-15', '--concurrency', String(CONCURRENCY), '--command-timeout', '600'], {}, { nodeArgs });
  // Out of memory, V8 aborts: no exit code, a "heap out of memory" line, no report.
  assert.equal(run.code, 1, `the JWT hosts fail the gate, nothing else (exit ${run.code}): ${/FATAL ERROR.*/.exec(run.stderr)?.[0] ?? run.stderr.slice(0, 400)}`);
  return { kib: run.maxRssKib, report: JSON.parse(run.stdout) as ScanResult };
}

describe('peak RSS of a scan', () => {
  /** The healthy host scanned alone: the baseline of RSS, and its findings as they must stay in a fleet. */
  let alone: { kib: number; report: ScanResult };
  before(async () => {
    const tiny = join(scratch, 'tiny');
    healthyHost(tiny);
    alone = await scan(tiny);
  });
  const own = (report: ScanResult): ScanResult['findings'] => report.findings.filter((finding) => finding.host === 'healthy' && finding.ruleId !== 'fleet/instance-drift');

  it(`does not grow with the number of hosts: 2 and 6 hosts of 24,000 elements fit the same 80 MB heap, and the healthy host's result is whole`, async (t) => {
    // Under a heap limit the collector cannot defer its work, so what the scan keeps decides
    // whether it finishes: before streaming, the 6-host scan aborted out of memory.
    const heap = ['--max-old-space-size=80'];
    const runs: { hosts: number; kib: number }[] = [];
    for (const hosts of [2, 6]) {
      const fleet = join(scratch, `elements-${hosts}`);
      for (let n = 0; n < hosts; n += 1) elementHost(fleet, `e${n}`);
      healthyHost(fleet);
      const { kib, report } = await scan(fleet, heap);
      runs.push({ hosts, kib });
      const names = [...Array.from({ length: hosts }, (_, n) => `e${n}`), 'healthy'];
      assert.deepEqual(report.hosts.map((host) => [host.name, host.status, host.build]), names.map((name) => [name, 'ok', 9383]));
      assert.ok(own(alone.report).some((finding) => finding.ruleId === 'jwt/credential-present'));
      assert.deepEqual(own(report), own(alone.report), 'the healthy host keeps its findings');
      // The fleet rule runs at the end, on every host's summary: one drift finding naming them all.
      const drift = report.findings.filter((finding) => finding.ruleId === 'fleet/instance-drift');
      assert.deepEqual(drift.map((finding) => [finding.host, finding.instance, finding.data?.count]), [['e0', 'prod', hosts + 1]]);
    }
    const [small, large] = runs as [{ hosts: number; kib: number }, { hosts: number; kib: number }];
    t.diagnostic(`peak RSS under an 80 MB heap: 2 + 1 hosts ${mib(small.kib)}, 6 + 1 hosts ${mib(large.kib)}`);
    // Each of the 4 more hosts once kept about 15 MiB; now the difference is GC noise, well under 2 budgets.
    assert.ok(large.kib < small.kib + 2 * BUDGET_KIB, `6 hosts peaked at ${mib(large.kib)}, 2 hosts at ${mib(small.kib)}: memory grows with the hosts`);
  });

  it(`hosts near the per-host budget at --concurrency ${CONCURRENCY} stay within baseline + C × budget + one host's parse`, async (t) => {
    const fleet = join(scratch, 'near-budget');
    for (let n = 0; n < CONCURRENCY; n += 1) nearBudgetHost(fleet, `h${n}`);

    const baseline = alone;
    const run = await scan(fleet);
    assert.deepEqual(run.report.hosts.map((entry) => [entry.name, entry.status]), Array.from({ length: CONCURRENCY }, (_, n) => [`h${n}`, 'ok']));
    /** docs/security.md: one host's parse ≤ 64 × budget of RSS, the garbage collector's headroom included. */
    const bound = baseline.kib + CONCURRENCY * BUDGET_KIB + 64 * BUDGET_KIB;
    t.diagnostic(`baseline ${mib(baseline.kib)}; ${CONCURRENCY} × 15 MiB hosts at concurrency ${CONCURRENCY}: ${mib(run.kib)} (bound ${mib(bound)})`);
    assert.ok(run.kib > baseline.kib + BUDGET_KIB, 'the measurement saw the hosts being read');
    assert.ok(run.kib < bound, `peak RSS ${mib(run.kib)} over the bound ${mib(bound)}`);
  });
});
