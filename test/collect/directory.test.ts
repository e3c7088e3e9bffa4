import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDirectoryTransport, discoverDirectoryTargets, OUTSIDE_HOST_FOLDER, remoteDirectoryWarning, remoteFilesystemName } from '../../src/collect/directory.js';
import { MAX_OUTPUT_BYTES } from '../../src/collect/frames.js';
import { createRedactor } from '../../src/collect/redact.js';
import { NEWLINE_IN_NAME } from '../../src/collect/transport.js';
import { InputError } from '../../src/errors.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { configXml, NOW, FINGERPRINTS } from '../helpers/fixtures.js';
import { loadEvidence, saveEvidence, collectFleet } from '../helpers/audit.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-dir-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const redact = createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS);

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

  it('never reads outside the host folder through a link, and follows links that stay inside it', async () => {
    // Today: `ln -s ~/.ssh/id_ed25519 HOST/pdump.txt` put the whole key into --save-evidence.
    const outside = join(scratch, 'outside-secrets');
    mkdirSync(outside, { recursive: true });
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-OUTSIDE-KEY\n-----END OPENSSH PRIVATE KEY-----\n';
    writeFileSync(join(outside, 'id_ed25519'), key);
    writeFileSync(join(outside, 'config-stolen.xml'), configXml({ authIMSTAPrivateKey: 'OUTSIDE-KEY' }));
    mkdirSync(join(outside, 'conf'));
    writeFileSync(join(outside, 'conf', 'config-prod.xml'), configXml({ authIMSTAPrivateKey: 'OUTSIDE-KEY' }));
    const root = layout(join(scratch, 'links'), {
      leaky: { conf: { 'config-prod.xml': configXml() } },
      inside: { conf: { 'config-prod.xml': configXml() } },
      neighbour: { conf: { 'config-prod.xml': configXml() } },
      'conf-link': {},
    });
    symlinkSync(join(outside, 'id_ed25519'), join(root, 'leaky', 'pdump.txt'));
    symlinkSync(join(outside, 'config-stolen.xml'), join(root, 'leaky', 'conf', 'config-stolen.xml'));
    symlinkSync('../../neighbour/conf/config-prod.xml', join(root, 'leaky', 'conf', 'config-neighbour.xml'));
    symlinkSync(join(outside, 'conf'), join(root, 'conf-link', 'conf'));
    // Inside the same host folder: a capture kept under another name, a config shared by two names.
    mkdirSync(join(root, 'inside', 'captures'));
    writeFileSync(join(root, 'inside', 'captures', 'pdump-2026.txt'), 'Application server for Adobe Campaign Classic (7.4.1 build 9383) of 18/06/2024\n');
    symlinkSync('captures/pdump-2026.txt', join(root, 'inside', 'pdump.txt'));
    symlinkSync('config-prod.xml', join(root, 'inside', 'conf', 'config-copy.xml'));

    const snapshots = await collect(root);
    const byName = new Map(snapshots.map((snapshot) => [snapshot.host.name, snapshot]));
    const leaky = byName.get('leaky');
    assert.equal(leaky?.status, 'ok');
    assert.equal(leaky?.pdump, null);
    assert.equal(leaky?.pdumpError, `pdump.txt is ${OUTSIDE_HOST_FOLDER}`);
    assert.deepEqual(leaky?.files.map((file) => [file.path, file.error]), [
      ['conf/config-neighbour.xml', OUTSIDE_HOST_FOLDER],
      ['conf/config-prod.xml', undefined],
      ['conf/config-stolen.xml', OUTSIDE_HOST_FOLDER],
    ]);
    assert.deepEqual([byName.get('conf-link')?.status, byName.get('conf-link')?.error], ['error', 'conf/ is a symbolic link to outside the host folder; it was not read']);
    const inside = byName.get('inside');
    assert.match(inside?.pdump ?? '', /build 9383/);
    assert.deepEqual(inside?.files.map((file) => [file.path, file.error, file.content === configXml()]), [
      ['conf/config-copy.xml', undefined, true],
      ['conf/config-prod.xml', undefined, true],
    ]);

    const evidence = join(scratch, 'links-evidence');
    await saveEvidence(evidence, snapshots);
    for (const name of readdirSync(evidence)) assert.doesNotMatch(readFileSync(join(evidence, name), 'utf8'), /OUTSIDE-KEY|PRIVATE KEY/);
  });

  it('keeps each host within the 16 MiB per-host budget: a host over it is that host\'s error', async () => {
    // Today: 400 sparse 5 MiB config files cost 97 s and 2.1 GB; nothing bounded a host.
    const root = layout(join(scratch, 'budget'), { heavy: { conf: {} }, light: { conf: { 'config-prod.xml': configXml() } } });
    // 150: within the 200 instance files a host may have, so the byte budget is what stops it.
    for (let index = 0; index < 150; index += 1) {
      const file = join(root, 'heavy', 'conf', `config-i${index}.xml`);
      writeFileSync(file, '');
      truncateSync(file, 5 * 1024 * 1024);
    }
    const started = Date.now();
    const snapshots = await collect(root);
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.host.name, snapshot.status, snapshot.error]), [
      ['heavy', 'error', `the host folder holds more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB to read (the per-host budget); nothing of it is used`],
      ['light', 'ok', undefined],
    ]);
    assert.deepEqual(snapshots[0]?.files, []);
    // Generous: at most 16 MiB is read; today's code read all 2 GB.
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  it('ends a host that is not read within the command timeout as that host\'s timeout', async () => {
    const root = layout(join(scratch, 'slow'), { h: { conf: { 'config-prod.xml': configXml() } } });
    const [snapshot] = await collectFleet(await discoverDirectoryTargets(root), createDirectoryTransport(), { concurrency: 1, commandTimeout: 0, redact, now: () => NOW });
    assert.deepEqual([snapshot?.status, snapshot?.error], ['timeout', 'the host folder was not read within 0s']);
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

  it('keeps a replayed host within the 16 MiB per-host budget: over it, that host is an error', async () => {
    const dir = join(scratch, 'evidence-budget');
    mkdirSync(dir);
    const snapshot = (name: string, content: string) => ({ schemaVersion: 1, host: { name, address: name, tags: [] }, transport: 'dir', collectedAt: NOW.toISOString(), status: 'ok', installDir: '/', confListing: ['config-a.xml'], files: [{ path: 'conf/config-a.xml', size: content.length, content }], pdump: null });
    const big = `<serverconf>${' '.repeat(4 * 1024 * 1024)}</serverconf>`;
    writeFileSync(join(dir, 'heavy.json'), JSON.stringify({ ...snapshot('heavy', big), files: [1, 2, 3, 4, 5].map((n) => ({ path: `conf/config-${n}.xml`, size: big.length, content: big })) }));
    writeFileSync(join(dir, 'light.json'), JSON.stringify(snapshot('light', configXml())));
    const replayed = await loadEvidence(dir, redact);
    assert.deepEqual(replayed.map((host) => [host.host.name, host.status, host.error, host.files.length]), [
      ['heavy', 'error', `the saved snapshot holds more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB (the per-host budget); nothing of it is used`, 0],
      ['light', 'ok', undefined, 1],
    ]);
  });

  it('rejects files that are not snapshots with a clear message', async () => {
    const file = join(scratch, 'bad.json');
    writeFileSync(file, '{"hello": 1}');
    await assert.rejects(loadEvidence(file, redact), /^InputError: --evidence \S+bad\.json: schemaVersion is missing/);
    writeFileSync(file, '{');
    await assert.rejects(loadEvidence(file, redact), /not valid JSON/);
    const snapshot = { schemaVersion: 1, host: { name: 'x' }, status: 'ok', files: [{ path: 'conf/config-a.xml', content: 1 }] };
    writeFileSync(file, JSON.stringify(snapshot));
    await assert.rejects(loadEvidence(file, redact), /: files\[0\]\.content \(conf\/config-a\.xml\) is not text$/);
    writeFileSync(file, JSON.stringify({ ...snapshot, files: [], error: { nested: true } }));
    await assert.rejects(loadEvidence(file, redact), /: error is not text$/);
  });
});

describe('remote filesystems under --dir', () => {
  it('names the network and FUSE types whose reads are not bounded in time, and no local one', () => {
    assert.equal(remoteFilesystemName(0x6969), 'NFS');
    assert.equal(remoteFilesystemName(0xff534d42), 'CIFS');
    assert.equal(remoteFilesystemName(0xfe534d42), 'SMB2');
    assert.equal(remoteFilesystemName(0x65735546), 'FUSE');
    assert.equal(remoteFilesystemName(0xef53), undefined); // ext2/3/4
    assert.equal(remoteFilesystemName(0x01021994), undefined); // tmpfs
    assert.equal(remoteFilesystemName(0x58465342), undefined); // xfs
  });

  it('says nothing for a folder on a local disk or one that does not exist', () => {
    assert.equal(remoteDirectoryWarning(scratch), undefined);
    assert.equal(remoteDirectoryWarning(join(scratch, 'missing')), undefined);
  });
});
