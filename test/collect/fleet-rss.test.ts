// docs/security.md#7-bounded-cost-every-input-has-a-bound-and-a-host-over-one-is-that-hosts-error
// ("Memory"): a scan keeps of each judged host only its summary and findings, so 2,000 hosts
// cost what the tiny scan costs, plus the hosts in flight, plus a few KiB a host for the report.
// Measured on the real binary against a tiny scan in the same run, never against a clock.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, ROOT, runBinaryMeasured } from '../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-fleet-rss-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(() => ensureBuilt());

const DEMO = join(ROOT, 'fixtures', 'demo');
const HOSTS = 2_000;
const CONCURRENCY = 2;
/** The per-host budget: what one host in flight may have read (docs/security.md §7). */
const BUDGET_KIB = MAX_OUTPUT_BYTES / 1024;
/** The parse results hosts share (SharedParses in src/cli/scan.ts): at most one per-host budget, whatever N. */
const SHARED_KIB = BUDGET_KIB;
/**
 * What each host may add until the report is written: its summary and findings (about 2.7 KiB
 * for a demo host), the JSON report's text (1.7 KiB a host, held while escaped and again as the
 * bytes written to stdout), and the garbage collector's headroom over all of it.
 */
const PER_HOST_KIB = 24;
/**
 * Under a heap limit the collector cannot defer its work, so what the scan keeps decides whether
 * it finishes: the code that kept each host's files (through substrings) aborted out of memory
 * here; it now peaks about 75 MiB over the tiny scan. Without a limit, V8 lets garbage build
 * up to about twice that (docs/security.md §7).
 */
const HEAP = ['--max-old-space-size=64'];
/**
 * Distinct text in each copy's serverConf.xml, so that nothing is shared between hosts: a value
 * the report keeps that still pointed into its file (V8 keeps a substring's whole text alive)
 * would keep 2,000 × 32 KiB, over the bound.
 */
const PADDING = 32 * 1024;
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;

/** `hosts` copies of the demo hosts in turn, named <host>-<n>, each serverConf.xml made distinct by a comment. */
function demoFleet(root: string, hosts: number): void {
  const demo = readdirSync(DEMO).sort();
  for (let n = 0; n < hosts; n += 1) {
    const source = demo[n % demo.length] as string;
    const folder = join(root, `${source}-${Math.floor(n / demo.length)}`);
    cpSync(join(DEMO, source), folder, { recursive: true });
    const file = join(folder, 'conf', 'serverConf.xml');
    const comment = `<!-- copy ${n}: ${`${n} `.repeat(PADDING).slice(0, PADDING)} -->\n`;
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('<serverconf');
    writeFileSync(file, at < 0 ? comment + text : text.slice(0, at) + comment + text.slice(at));
  }
}

async function scan(root: string): Promise<{ kib: number; report: ScanResult }> {
  const run = await runBinaryMeasured(['scan', '--dir', root, '--format', 'json', '--no-progress', '--as-of', '2026-01-15', '--concurrency', String(CONCURRENCY), '--command-timeout', '600'], {}, { nodeArgs: HEAP });
  // Out of memory, V8 aborts: no exit code, a "heap out of memory" line, no report.
  assert.equal(run.code, 1, `the demo hosts fail the gate, nothing else (exit ${run.code}): ${/FATAL ERROR.*/.exec(run.stderr)?.[0] ?? run.stderr.slice(0, 400)}`);
  return { kib: run.maxRssKib, report: JSON.parse(run.stdout) as ScanResult };
}

describe('peak RSS of a scan of many hosts', () => {
  it(`${HOSTS} demo hosts at --concurrency ${CONCURRENCY} stay within the tiny scan + C × budget + shared parses + N × ${PER_HOST_KIB} KiB`, { timeout: 600_000 }, async (t) => {
    const tiny = join(scratch, 'tiny');
    demoFleet(tiny, 1);
    const fleet = join(scratch, 'fleet');
    demoFleet(fleet, HOSTS);

    const baseline = await scan(tiny);
    const run = await scan(fleet);
    assert.equal(run.report.hosts.length, HOSTS);
    // Every copy is judged as its demo host is: the same status and the same host rules.
    const own = (report: ScanResult, host: string): string[] => report.findings.filter((finding) => finding.host === host && !finding.ruleId.startsWith('fleet/')).map((finding) => finding.ruleId);
    const first = baseline.report.hosts[0]?.name as string;
    assert.deepEqual(own(run.report, first), own(baseline.report, first));
    assert.ok(run.report.findings.length > HOSTS, 'the report holds every host\'s findings');

    const bound = baseline.kib + CONCURRENCY * BUDGET_KIB + SHARED_KIB + HOSTS * PER_HOST_KIB;
    t.diagnostic(`tiny scan ${mib(baseline.kib)}; ${HOSTS} hosts ${mib(run.kib)} (bound ${mib(bound)}: + ${CONCURRENCY} × ${mib(BUDGET_KIB)} + ${mib(SHARED_KIB)} + ${HOSTS} × ${PER_HOST_KIB} KiB)`);
    assert.ok(run.kib < bound, `peak RSS ${mib(run.kib)} over the bound ${mib(bound)}`);
  });
});
