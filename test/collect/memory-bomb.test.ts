// Issue 13.1: one host must not take the scan's memory. Memory per host grows with what was read
// (instances share serverConf.xml's layer), a host has at most MAX_INSTANCE_FILES config-*.xml
// files, MAX_HOST_TAGS tags and MAX_HOST_ELEMENTS parsed elements, and a host over a bound is that host's error: the healthy host
// beside it is still reported. Peak RSS is measured on the real binary (max-rss.mjs preload).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRedactor } from '../../src/collect/redact.js';
import { MAX_HOST_ATTRIBUTES, MAX_HOST_ELEMENTS, MAX_HOST_TAGS, MAX_INSTANCE_FILES } from '../../src/collect/snapshot.js';
import type { ScanResult, Snapshot } from '../../src/model.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { ensureBuilt, runBinaryMeasured } from '../helpers/cli-process.js';
import { loadEvidence } from '../helpers/audit.js';
import { FINGERPRINTS } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-membomb-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(() => ensureBuilt());

const PDUMP = 'Application server for Adobe Campaign Classic (7.4.1 build 9383@abcdef0 of 18/06/2024)\n';
/** Heap limit for the measured runs: the unfixed code went past it (4.3 GB for 800 instances), fixed code stays far below. */
const HEAP_FLAGS = ['--max-old-space-size=768'];

/** serverConf.xml of `<serverconf><shared>` + `elements` distinct `<eN a="N"/>`. */
function wideServerConf(elements: number): string {
  const parts = ['<serverconf><shared>'];
  for (let n = 0; n < elements; n += 1) parts.push(`<e${n} a="${n}"/>`);
  parts.push('<ims authIMSTAPrivateKey="@c2VjcmV0"/></shared></serverconf>');
  return parts.join('');
}

function host(root: string, name: string, conf: Record<string, string>, pdump = PDUMP): void {
  mkdirSync(join(root, name, 'conf'), { recursive: true });
  for (const [file, xml] of Object.entries(conf)) writeFileSync(join(root, name, 'conf', file), xml);
  writeFileSync(join(root, name, 'pdump.txt'), pdump);
}

function healthy(root: string): void {
  host(root, 'healthy', { 'serverConf.xml': '<serverconf><shared><ims authIMSTAPrivateKey="@a2V5"/></shared></serverconf>', 'config-prod.xml': '<serverconf/>' });
}

function instances(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, n) => [`config-i${n}.xml`, '<serverconf/>']));
}

async function scan(root: string): Promise<{ report: ScanResult; maxRssKib: number; ms: number }> {
  return scanWith(['--dir', root]);
}

async function scanWith(source: readonly string[]): Promise<{ report: ScanResult; maxRssKib: number; ms: number }> {
  const run = await runBinaryMeasured(['scan', ...source, '--format', 'json', '--no-progress', '--as-of', '2026-01-15', '--concurrency', '2'], {}, { nodeArgs: HEAP_FLAGS });
  assert.equal(run.code, 1, `the JWT hosts fail the gate, nothing else (exit ${run.code}): ${run.stderr.slice(0, 400)}`);
  return { report: JSON.parse(run.stdout) as ScanResult, maxRssKib: run.maxRssKib, ms: run.ms };
}

function hostLine(report: ScanResult, name: string): { status: string; error?: string; instances: number } {
  const found = report.hosts.find((entry) => entry.name === name);
  assert.ok(found, `${name} is in the report`);
  return { status: found.status, ...(found.error !== undefined ? { error: found.error } : {}), instances: found.instances.length };
}

const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;

describe('memory bombs: one host cannot take the scan', () => {
  it('instances share serverConf.xml: 200 instances over a wide serverConf.xml cost about what 1 does', async (t) => {
    const elements = MAX_HOST_ELEMENTS - 1_000;
    const one = join(scratch, 'one');
    host(one, 'wide', { 'serverConf.xml': wideServerConf(elements), ...instances(1) });
    healthy(one);
    const many = join(scratch, 'many');
    host(many, 'wide', { 'serverConf.xml': wideServerConf(elements), ...instances(MAX_INSTANCE_FILES) });
    healthy(many);

    const single = await scan(one);
    const fleet = await scan(many);
    t.diagnostic(`${elements} elements: 1 instance ${mib(single.maxRssKib)} in ${single.ms} ms; ${MAX_INSTANCE_FILES} instances ${mib(fleet.maxRssKib)} in ${fleet.ms} ms`);
    assert.deepEqual(hostLine(fleet.report, 'wide'), { status: 'ok', instances: MAX_INSTANCE_FILES });
    assert.deepEqual(hostLine(fleet.report, 'healthy'), { status: 'ok', instances: 1 });
    // A copy of the serverConf.xml layer per instance is ~10 million map entries (gigabytes, over
    // the heap limit); shared, the extra instances cost a few kilobytes each.
    assert.ok(fleet.maxRssKib - single.maxRssKib < 64 * 1024, `${MAX_INSTANCE_FILES} instances cost ${mib(fleet.maxRssKib - single.maxRssKib)} more than 1`);
  });

  it('more than MAX_INSTANCE_FILES config-*.xml files: that host is an error, the healthy host is reported', async (t) => {
    const root = join(scratch, 'over');
    host(root, 'bomb', { 'serverConf.xml': wideServerConf(20_000), ...instances(800) });
    healthy(root);
    const run = await scan(root);
    t.diagnostic(`800 instances: ${mib(run.maxRssKib)} in ${run.ms} ms`);
    assert.deepEqual(hostLine(run.report, 'bomb'), { status: 'error', error: `conf/ holds 800 config-*.xml files, more than the ${MAX_INSTANCE_FILES} instances a host may have; none of them is used`, instances: 0 });
    assert.deepEqual(hostLine(run.report, 'healthy'), { status: 'ok', instances: 1 });
    assert.ok(run.maxRssKib < 400 * 1024, `peak RSS ${mib(run.maxRssKib)}`);
  });

  it('more than MAX_HOST_ELEMENTS parsed elements across the files of a host: that host is an error', async (t) => {
    const root = join(scratch, 'dense');
    // Split over files, each far below the 5 MiB cap: the bound is per host, not per file.
    const half = wideServerConf(Math.ceil(MAX_HOST_ELEMENTS / 2) + 10);
    host(root, 'dense', { 'serverConf.xml': half, 'config-a.xml': half.replace('<shared>', '<shared><x/>') });
    healthy(root);
    const run = await scan(root);
    t.diagnostic(`dense host: ${mib(run.maxRssKib)} in ${run.ms} ms`);
    assert.deepEqual(hostLine(run.report, 'dense'), { status: 'error', error: `the config files hold more than ${MAX_HOST_ELEMENTS.toLocaleString('en-US')} elements together, the most a host may have; none of them is used`, instances: 0 });
    assert.deepEqual(hostLine(run.report, 'healthy'), { status: 'ok', instances: 1 });
  });

  it('more than MAX_HOST_TAGS tags or MAX_HOST_ATTRIBUTES attributes: that host is an error before anything is parsed; a file the parser refuses stays that file\'s finding', async (t) => {
    const root = join(scratch, 'tags');
    // 15 MiB of `<eN a="N"/>` once cost one host close to 1 GB.
    const part = wideServerConf(Math.ceil(MAX_HOST_TAGS / 2));
    host(root, 'tags', { 'serverConf.xml': part, 'config-a.xml': part.replace('<shared>', '<shared><x/>') });
    // Few tags of many short attributes, split over two files: 2.5 s and 250 MiB for 15 MiB of them.
    const attributes = (file: string): string => `<serverconf><shared>${Array.from({ length: Math.ceil(MAX_HOST_ATTRIBUTES / 2 / 1000) }, (_, tag) => `<e${tag}${Array.from({ length: 1000 }, (_, n) => ` ${file}${n}="${n}"`).join('')}/>`).join('')}</shared></serverconf>`;
    host(root, 'attributes', { 'serverConf.xml': attributes('s'), 'config-a.xml': attributes('a') + '<!-- = -->' });
    // 100,000 nested elements: refused by the parser at depth 100, so it costs no element.
    host(root, 'deep', { 'serverConf.xml': '<serverconf/>', 'config-x.xml': `<serverconf>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</serverconf>`, 'config-prod.xml': '<serverconf/>' });
    healthy(root);
    const run = await scan(root);
    t.diagnostic(`tag bomb + deep host: ${mib(run.maxRssKib)} in ${run.ms} ms`);
    assert.deepEqual(hostLine(run.report, 'tags'), { status: 'error', error: `the config files hold more than ${MAX_HOST_TAGS.toLocaleString('en-US')} tags together, the most a host may have; none of them is used`, instances: 0 });
    assert.deepEqual(hostLine(run.report, 'attributes'), { status: 'error', error: `the config files hold more than ${MAX_HOST_ATTRIBUTES.toLocaleString('en-US')} attributes (\`=\` signs) together, the most a host may have; none of them is used`, instances: 0 });
    assert.deepEqual(hostLine(run.report, 'deep'), { status: 'ok', instances: 2 });
    assert.ok(run.report.findings.some((finding) => finding.host === 'deep' && finding.ruleId === 'config/unreadable' && /nested more than 100 levels/.test(finding.message)));
    assert.deepEqual(hostLine(run.report, 'healthy'), { status: 'ok', instances: 1 });
    assert.ok(run.maxRssKib < 400 * 1024, `peak RSS ${mib(run.maxRssKib)}`);
  });

  it('replayed evidence is held to the same bounds as a scanned host', async () => {
    const snapshot = (name: string, files: Snapshot['files']): Snapshot => ({
      schemaVersion: 1,
      host: { name, address: name, tags: [] },
      transport: 'dir',
      collectedAt: '2026-01-15T00:00:00.000Z',
      status: 'ok',
      installDir: '/x',
      confListing: files.map((file) => file.path.slice('conf/'.length)),
      files,
      pdump: PDUMP,
    });
    const dir = join(scratch, 'evidence');
    mkdirSync(dir);
    const many = Array.from({ length: MAX_INSTANCE_FILES + 1 }, (_, n) => ({ path: `conf/config-i${n}.xml`, size: 13, content: '<serverconf/>' }));
    const dense = wideServerConf(MAX_HOST_ELEMENTS + 1);
    writeFileSync(join(dir, 'a.json'), JSON.stringify([snapshot('many', many), snapshot('dense', [{ path: 'conf/serverConf.xml', size: dense.length, content: dense }]), snapshot('fine', many.slice(0, 2))]));
    const loaded = await loadEvidence(dir, createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS));
    assert.deepEqual(
      loaded.map((entry) => [entry.host.name, entry.status, entry.files.length, entry.error?.replace(/\d[\d,]*/g, 'N')]),
      [
        ['many', 'error', 0, 'conf/ holds N config-*.xml files, more than the N instances a host may have; none of them is used'],
        ['dense', 'error', 0, 'the config files hold more than N elements together, the most a host may have; none of them is used'],
        ['fine', 'ok', 2, undefined],
      ],
    );
  });
  // Over a real sshd, the bomb (150,000 elements, 800 instances) is one of the 51 hosts
  // of test/adversarial/fault-fleet.test.ts: that host's error, its banner kept, every other host
  // reported as if scanned alone, and the scan's peak RSS within three output caps of theirs.
});
