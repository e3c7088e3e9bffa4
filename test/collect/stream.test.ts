// A scan judges each host as it finishes (engine/audit.ts over collect/fleet.ts fleetSnapshots):
// the same findings in the same order as evaluate() on every host's facts, whatever order hosts
// finish in; fleet rules see summaries only; --save-evidence names files as before.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDirectoryTransport, discoverDirectoryTargets } from '../../src/collect/directory.js';
import { fleetSnapshots } from '../../src/collect/fleet.js';
import { audit } from '../../src/engine/audit.js';
import { createRedactor } from '../../src/collect/redact.js';
import type { Transport } from '../../src/collect/transport.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { HostTarget, Snapshot } from '../../src/model.js';
import { buildFacts } from '../../src/parse/facts.js';
import { ParsedDocuments, SharedParses } from '../../src/parse/xml.js';
import { defaultPolicy, redactedAttributes } from '../../src/engine/policy.js';
import { HostJudge } from '../../src/engine/result.js';
import { RULES } from '../../src/rules/index.js';
import { runMain } from '../helpers/cli-process.js';
import { drain, TEST_TOOL } from '../helpers/audit.js';
import { DEMO_DIR } from '../helpers/demo.js';
import { configXml, NOW, OAUTH_ATTRIBUTES, pdumpLine, BUILDS, FINGERPRINTS } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-stream-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const policy = defaultPolicy(BUILDS);
const redact = createRedactor(redactedAttributes(policy), FINGERPRINTS);
const options = { policy, asOf: '2026-11-27' };

/** The demo fleet's snapshots, each with the ParsedDocuments it was made with. */
async function demoSnapshots(): Promise<{ snapshot: Snapshot; documents: ParsedDocuments }[]> {
  const hosts = await drain(fleetSnapshots(await discoverDirectoryTargets(DEMO_DIR), createDirectoryTransport(), { concurrency: 3, commandTimeout: 10, redact, now: () => NOW }));
  return hosts.sort((a, b) => a.index - b.index).map(({ snapshot, documents }) => ({ snapshot, documents: documents ?? new ParsedDocuments() }));
}

describe('a scan judged host by host', () => {
  it('gives the findings evaluate() gives on every host, in the same order, whatever order hosts finish in', async () => {
    const hosts = await demoSnapshots();
    const expected = evaluate(hosts.map(({ snapshot }) => buildFacts(snapshot, { ...policy, fingerprints: FINGERPRINTS })), options);
    assert.ok(expected.some((finding) => finding.ruleId === 'fleet/instance-drift'), 'the demo fleet has a fleet finding');
    for (const order of [hosts.map((_, index) => index), hosts.map((_, index) => hosts.length - 1 - index)]) {
      const judge = new HostJudge(options);
      for (const index of order) {
        const host = hosts[index] as (typeof hosts)[number];
        judge.add(index, buildFacts(host.snapshot, { ...policy, fingerprints: FINGERPRINTS }, host.documents));
      }
      const { hosts: summaries, findings } = judge.finish();
      assert.deepEqual(findings, expected);
      assert.deepEqual(summaries.map((host) => host.name), hosts.map(({ snapshot }) => snapshot.host.name));
    }
  });

  it('keeps of a host only its summary: no files, no effective configuration, no pdump line', async () => {
    const judge = new HostJudge(options);
    const [host] = await demoSnapshots();
    assert.ok(host);
    const facts = buildFacts(host.snapshot, { ...policy, fingerprints: FINGERPRINTS }, host.documents);
    assert.ok(facts.files.length > 0 && facts.instances.length > 0);
    judge.add(0, facts);
    const [summary] = judge.finish().hosts;
    assert.deepEqual(Object.keys(summary ?? {}).filter((key) => !['name', 'address', 'tags', 'status', 'error', 'version', 'pdumpError', 'installDir', 'instances'].includes(key)), []);
    for (const instance of summary?.instances ?? []) assert.deepEqual(Object.keys(instance).filter((key) => !['name', 'file', 'credential', 'clientId', 'technicalAccountId', 'orgId'].includes(key)), []);
    assert.equal(summary?.version !== null && 'line' in (summary?.version ?? {}), false);
  });

  it('marks fleet rules by what they require, and only fleet/instance-drift is one today', () => {
    assert.deepEqual(RULES.filter((rule) => rule.meta.requires === 'fleet').map((rule) => rule.id), ['fleet/instance-drift']);
  });

  it('stops starting hosts when taking one fails, lets those in flight finish, and rethrows', async () => {
    const targets: HostTarget[] = Array.from({ length: 6 }, (_, n) => ({ name: `h${n}`, address: `h${n}`, tags: [], installDir: '/x' }));
    const started: string[] = [];
    const transport: Transport = {
      kind: 'dir',
      collect: async (target) => {
        started.push(target.name);
        return { status: 'ok', confListing: ['serverConf.xml'], files: [{ name: 'serverConf.xml', size: 13, data: Buffer.from('<serverconf/>') }], pdump: null };
      },
    };
    await assert.rejects(
      audit(fleetSnapshots(targets, transport, { concurrency: 2, commandTimeout: 10, redact, now: () => NOW }), {
        ...options,
        fingerprints: FINGERPRINTS,
        now: () => NOW,
        tool: TEST_TOOL,
        onHost: ({ snapshot }) => {
          if (snapshot.host.name === 'h1') throw new Error('disk full');
        },
      }),
      /disk full/,
    );
    assert.ok(started.length < targets.length, `started ${started.join(', ')}`);
  });
});

describe('SharedParses', () => {
  it('hands the same tree to the next host that holds the same text, and keeps no more than its budget', () => {
    const shared = new SharedParses(64 * 1024);
    const text = configXml(OAUTH_ATTRIBUTES);
    const first = new ParsedDocuments(shared).parse(text);
    assert.equal(new ParsedDocuments(shared).parse(text), first, 'one parse for both hosts');
    for (let n = 0; n < 200; n += 1) new ParsedDocuments(shared).parse(`<serverconf><shared><e${n}/></shared></serverconf>`);
    assert.ok(shared.bytes <= 64 * 1024, `${shared.bytes} bytes kept`);
    assert.notEqual(new ParsedDocuments(shared).parse(text), first, 'the oldest tree went first');
    const large = `<serverconf>${'<e/>'.repeat(100)}</serverconf>`;
    const small = new SharedParses(1024);
    new ParsedDocuments(small).parse(large);
    assert.equal(small.bytes, 0, 'a tree over the budget is not kept');
  });

  it('drops a tree a host over a bound forgets', () => {
    const shared = new SharedParses(64 * 1024);
    const documents = new ParsedDocuments(shared);
    const text = configXml();
    documents.parse(text);
    assert.ok(shared.bytes > 0);
    documents.forget(text);
    assert.equal(shared.bytes, 0);
  });
});

describe('--save-evidence while streaming', () => {
  it('names files in target order, whatever order hosts finish in, and writes every host', async () => {
    const root = join(scratch, 'fleet');
    // Both names become `a_b`: the first host by target order gets `a_b.json`, as when all were written at the end.
    for (const name of ['a b', 'a_b', 'c']) {
      mkdirSync(join(root, name, 'conf'), { recursive: true });
      writeFileSync(join(root, name, 'conf', 'config-prod.xml'), configXml(name === 'c' ? { authIMSTAPrivateKey: '@a2V5' } : OAUTH_ATTRIBUTES));
      writeFileSync(join(root, name, 'pdump.txt'), pdumpLine('7.4.1', 9383));
    }
    const evidence = join(scratch, 'evidence');
    const run = await runMain(['scan', '--dir', root, '--save-evidence', evidence, '--concurrency', '3', '-f', 'json', '--no-progress']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /saved 3 snapshot\(s\) to /);
    assert.deepEqual(readdirSync(evidence).sort(), ['a_b-2.json', 'a_b.json', 'c.json']);
    const hostIn = (file: string): string => (JSON.parse(readFileSync(join(evidence, file), 'utf8')) as Snapshot).host.name;
    assert.deepEqual(['a_b.json', 'a_b-2.json', 'c.json'].map(hostIn), ['a b', 'a_b', 'c']);
    const replay = await runMain(['scan', '--evidence', evidence, '-f', 'json', '--no-progress']);
    assert.deepEqual(JSON.parse(replay.stdout).findings, JSON.parse(run.stdout).findings);
  });

  it('stops at a host whose file cannot be written: one line, exit 2, no report', async () => {
    // The folder must be empty when the scan starts, so the write fails on the host itself: its
    // name (a folder name of 251 bytes) makes a file name longer than the file system allows.
    const fleet = join(scratch, 'fleet-long-name');
    for (const name of ['mkt-prod-1', 'x'.repeat(251)]) cpSync(join(DEMO_DIR, 'mkt-prod-1'), join(fleet, name), { recursive: true });
    const evidence = join(scratch, 'evidence-blocked');
    const run = await runMain(['scan', '--dir', fleet, '--save-evidence', evidence, '-f', 'json', '--concurrency', '2']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    const lines = run.stderr.split('\n').filter((line) => line !== '' && !/^campaign-audit: (scanning|\[\d+\/2\])/.test(line));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0] ?? '', /^campaign-audit: --save-evidence .*evidence-blocked: the path is too long/i);
    assert.doesNotMatch(run.stderr, /saved \d+ snapshot/);
  });

  it('fails before any host is read when the directory cannot be made: one line, exit 2', async () => {
    const file = join(scratch, 'not-a-dir');
    writeFileSync(file, '');
    const run = await runMain(['scan', '--dir', DEMO_DIR, '--save-evidence', join(file, 'evidence'), '-f', 'json']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^campaign-audit: --save-evidence .*not-a-dir\/evidence: /);
    assert.doesNotMatch(run.stderr, /\[1\/10\]/, 'no host was read');
  });
});

