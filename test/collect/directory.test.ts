import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDirectoryTransport, discoverDirectoryTargets } from '../../src/collect/directory.js';
import { loadEvidence, saveEvidence } from '../../src/collect/evidence.js';
import { collectFleet } from '../../src/collect/fleet.js';
import { createRedactor } from '../../src/collect/redact.js';
import { NEWLINE_IN_NAME } from '../../src/collect/transport.js';
import { InputError } from '../../src/errors.js';
import { DEFAULT_SIGNATURES } from '../../src/policy.js';
import { configXml, NOW } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-dir-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const redact = createRedactor(DEFAULT_SIGNATURES.secrets);

function layout(root: string, hosts: Record<string, { conf?: Record<string, string>; pdump?: string }>): string {
  for (const [host, spec] of Object.entries(hosts)) {
    mkdirSync(join(root, host), { recursive: true });
    if (spec.conf) {
      mkdirSync(join(root, host, 'conf'), { recursive: true });
      for (const [name, xml] of Object.entries(spec.conf)) writeFileSync(join(root, host, 'conf', name), xml);
    }
    if (spec.pdump !== undefined) writeFileSync(join(root, host, 'pdump.txt'), spec.pdump);
  }
  return root;
}

const collect = async (root: string) =>
  collectFleet(await discoverDirectoryTargets(root), createDirectoryTransport(), { concurrency: 4, commandTimeout: 10, redact, now: () => NOW });

describe('--dir transport', () => {
  it('reads one folder per host, conf/*.xml and pdump.txt, ignoring templates', async () => {
    const root = layout(join(scratch, 'fleet'), {
      'mkt-1': { conf: { 'serverConf.xml': configXml(), 'config-prod.xml': configXml(), 'config-default.xml': configXml(), 'serverConf.xml.diff': 'x' }, pdump: 'Application server for Adobe Campaign Classic (7.4.1 build 9383) of 18/06/2024\n' },
      'mkt-2': { conf: { 'config-prod.xml': configXml() } },
    });
    mkdirSync(join(root, 'mkt-1', 'conf', 'models'));
    writeFileSync(join(root, 'mkt-1', 'conf', 'models', 'config-default.xml'), '<serverconf/>');
    const snapshots = await collect(root);
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.host.name, snapshot.status, snapshot.files.map((file) => file.path)]), [
      ['mkt-1', 'ok', ['conf/serverConf.xml', 'conf/config-default.xml', 'conf/config-prod.xml']],
      ['mkt-2', 'ok', ['conf/config-prod.xml']],
    ]);
    assert.equal(snapshots[1]?.pdump, null);
    assert.match(snapshots[1]?.pdumpError ?? '', /no pdump.txt/);
  });

  it('accepts a single host folder that holds conf/ directly', async () => {
    const root = layout(join(scratch, 'single'), { 'mkt-solo': { conf: { 'config-prod.xml': configXml() } } });
    const targets = await discoverDirectoryTargets(join(root, 'mkt-solo'));
    assert.deepEqual(targets.map((target) => target.name), ['mkt-solo']);
  });

  it('reports a host folder without conf/ as not scanned, and goes on', async () => {
    const root = layout(join(scratch, 'partial'), { good: { conf: { 'config-prod.xml': configXml() } }, empty: {}, 'no-xml': { conf: { 'README': 'x' } } });
    const snapshots = await collect(root);
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.host.name, snapshot.status]), [['empty', 'error'], ['good', 'ok'], ['no-xml', 'error']]);
    assert.match(snapshots[2]?.error ?? '', /no serverConf.xml or config-\*.xml/);
  });

  it('marks files over the cap and non-files without reading them', async () => {
    const root = layout(join(scratch, 'big'), { h: { conf: { 'config-big.xml': `<serverconf>${' '.repeat(5 * 1024 * 1024)}</serverconf>` } } });
    mkdirSync(join(root, 'h', 'conf', 'config-dir.xml'));
    const [snapshot] = await collect(root);
    assert.deepEqual(snapshot?.files.map((file) => [file.path, file.error]), [['conf/config-big.xml', 'file is larger than 5 MiB'], ['conf/config-dir.xml', 'not a regular file: a directory; it was not opened']]);
  });

  it('names a FIFO, /dev/zero behind a symlink and a name holding a newline without opening them, in the words of the collector script', async () => {
    const root = layout(join(scratch, 'special'), { h: { conf: { 'config-prod.xml': configXml() } } });
    execFileSync('mkfifo', [join(root, 'h', 'conf', 'config-fifo.xml')]);
    symlinkSync('/dev/zero', join(root, 'h', 'conf', 'config-zero.xml'));
    symlinkSync(join(root, 'h', 'conf', 'missing'), join(root, 'h', 'conf', 'serverConf.xml'));
    writeFileSync(join(root, 'h', 'conf', 'config-nl\nFAKE.xml'), configXml());
    const [snapshot] = await collect(root);
    assert.deepEqual(snapshot?.files.map((file) => [file.path, file.error]), [
      ['conf/serverConf.xml', 'not a regular file: a symbolic link to nothing (a dangling link); it was not opened'],
      ['conf/config-fifo.xml', 'not a regular file: a FIFO (named pipe); it was not opened'],
      ['conf/config-nl\nFAKE.xml', NEWLINE_IN_NAME],
      ['conf/config-prod.xml', undefined],
      ['conf/config-zero.xml', 'not a regular file: a symbolic link to a character device; it was not opened'],
    ]);
  });

  it('does not wait on a FIFO or read /dev/zero as pdump.txt', { timeout: 10_000 }, async () => {
    const root = layout(join(scratch, 'pdump-special'), { fifo: { conf: { 'config-prod.xml': configXml() } }, zero: { conf: { 'config-prod.xml': configXml() } } });
    execFileSync('mkfifo', [join(root, 'fifo', 'pdump.txt')]);
    symlinkSync('/dev/zero', join(root, 'zero', 'pdump.txt'));
    const snapshots = await collect(root);
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.host.name, snapshot.status, snapshot.pdump, snapshot.pdumpError]), [
      ['fifo', 'ok', null, 'pdump.txt is not a regular file: a FIFO (named pipe); it was not opened'],
      ['zero', 'ok', null, 'pdump.txt is not a regular file: a symbolic link to a character device; it was not opened'],
    ]);
  });

  it('fails with an InputError for a missing path or an empty folder', async () => {
    await assert.rejects(discoverDirectoryTargets(join(scratch, 'nope')), InputError);
    mkdirSync(join(scratch, 'void'));
    await assert.rejects(discoverDirectoryTargets(join(scratch, 'void')), /no host folders/);
  });
});

describe('evidence', () => {
  it('saves redacted snapshots and replays them to the same facts', async () => {
    const secret = 'EVIDENCE-PLAINTEXT-SECRET-1234';
    const root = layout(join(scratch, 'ev-fleet'), { 'h/1': {}, h1: { conf: { 'config-prod.xml': configXml({ authIMSTAPrivateKey: secret }) }, pdump: 'no task' } });
    const snapshots = await collect(root);
    const dir = join(scratch, 'evidence');
    const written = await saveEvidence(dir, snapshots);
    assert.equal(written.length, snapshots.length);
    for (const name of readdirSync(dir)) assert.ok(!readFileSync(join(dir, name), 'utf8').includes(secret), 'no secret in evidence');
    const replayed = await loadEvidence(dir, redact);
    assert.deepEqual(replayed.map((snapshot) => ({ ...snapshot, transport: 'dir' })), snapshots);
    assert.ok(replayed.every((snapshot) => snapshot.transport === 'evidence'));
  });

  it('re-redacts a hand-edited evidence file', async () => {
    const file = join(scratch, 'edited.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, host: { name: 'x', address: 'x', tags: [] }, transport: 'dir', collectedAt: NOW.toISOString(), status: 'ok', installDir: '/', confListing: [], files: [{ path: 'conf/config-a.xml', size: 1, content: '<serverconf><shared><dataStore><dataSource name="d"><dbcnx password="hand-put-secret"/></dataSource></dataStore></shared></serverconf>' }], pdump: null }));
    const [snapshot] = await loadEvidence(file, redact);
    assert.ok(!JSON.stringify(snapshot).includes('hand-put-secret'));
  });

  it('rejects files that are not snapshots with a clear message', async () => {
    const file = join(scratch, 'bad.json');
    writeFileSync(file, '{"hello": 1}');
    await assert.rejects(loadEvidence(file, redact), /not a campaign-audit snapshot \(schemaVersion is not 1\)/);
    writeFileSync(file, '{');
    await assert.rejects(loadEvidence(file, redact), /not valid JSON/);
    const snapshot = { schemaVersion: 1, host: { name: 'x' }, status: 'ok', files: [{ path: 'conf/config-a.xml', content: 1 }] };
    writeFileSync(file, JSON.stringify(snapshot));
    await assert.rejects(loadEvidence(file, redact), /conf\/config-a\.xml: content is not text/);
    writeFileSync(file, JSON.stringify({ ...snapshot, files: [], error: { nested: true } }));
    await assert.rejects(loadEvidence(file, redact), /error is not text/);
  });
});
