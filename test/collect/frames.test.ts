import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretCollectorRun, MAX_OUTPUT_BYTES, OutputSink, parseCollectorOutput, pathSalt } from '../../src/collect/frames.js';
import { createRedactor } from '../../src/collect/redact.js';
import { toSnapshot } from '../../src/collect/snapshot.js';
import { NEWLINE_IN_NAME } from '../../src/collect/transport.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { NOW, FINGERPRINTS } from '../helpers/fixtures.js';

const M = 'CA-0123456789abcdef0123456789abcdef';

function output(parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

/** The READ frames, then the BODIES run of one `head -v` over those files, as the script prints them. */
function headRun(files: [name: string, body: string][], rc = 0): string {
  const reads = files.map(([name]) => `${M} READ ${name}\n`).join('');
  const heads = files.map(([name, body], index) => `${index > 0 ? '\n' : ''}==> /usr/local/neolane/nl6/conf/${pathSalt(M)}${name} <==\n${body}`).join('');
  return `${reads}${M} BODIES\n${heads}\n${M} EOF ${rc}\n`;
}

describe('collector output framing', () => {
  it('splits listing, files and pdump', () => {
    const body = '<serverconf>\n<ims/>\n</serverconf>\n';
    const raw = parseCollectorOutput(
      output([
        `${M} HELLO 1\n${M} LIST config-prod.xml\n${M} LIST serverConf.xml\n${M} LIST serverConf.xml.diff\n`,
        headRun([['config-prod.xml', body]]),
        `${M} PDUMP\n12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build 9383) of 18/06/2024\n`,
      ]),
      M,
      1024,
      { exitCode: 0 },
    );
    assert.equal(raw.status, 'ok');
    assert.deepEqual(raw.confListing, ['config-prod.xml', 'serverConf.xml', 'serverConf.xml.diff']);
    assert.equal(raw.files[0]?.data?.toString(), body);
    assert.match(raw.pdump ?? '', /build 9383/);
  });

  it('keeps file bodies that contain frame-like text and no trailing newline', () => {
    const body = `x\nCA-fake READ y\n==> /usr/local/neolane/nl6/conf/config-b.xml <==\n${'EOF 0'}`;
    const raw = parseCollectorOutput(output([`${M} HELLO 1\n`, headRun([['config-a.xml', body]]), `${M} PDUMP\n`]), M, 1024, { exitCode: 0 });
    assert.equal(raw.files[0]?.data?.toString(), body);
  });

  it('reports too-large, denied and failed reads per file', () => {
    const raw = parseCollectorOutput(
      // config-gone.xml went away between the shell's checks and head: no header for it.
      output([`${M} HELLO 1\n${M} READ config-big.xml\n${M} DENIED config-secret.xml\n${M} READ config-gone.xml\n${M} BODIES\n==> /nl6/conf/${pathSalt(M)}config-big.xml <==\n${'x'.repeat(11)}\n${M} EOF 1\n${M} PDUMP\nsh: exec: nlserver: not found\n`]),
      M,
      10,
      { exitCode: 127 },
    );
    assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [
      ['config-secret.xml', 'permission denied'],
      ['config-big.xml', 'file is larger than 5 MiB'],
      ['config-gone.xml', 'read failed (it could not be opened)'],
    ]);
    assert.match(raw.pdumpError ?? '', /nlserver was not found/);
  });

  describe('one head run for every file (READ frames, then BODIES)', () => {
    const DIR = '/usr/local/neolane/nl6';
    const header = (name: string): string => `==> ${DIR}/conf/${pathSalt(M)}${name} <==\n`;
    const run = (names: string[], heads: string, rc = 0): Buffer =>
      output([`${M} HELLO 1\n`, ...names.map((name) => `${M} READ ${name}\n`), `${M} BODIES\n${heads}\n${M} EOF ${rc}\n${M} PDUMP\n`]);

    it('spells every bit of the marker in steps the kernel skips', () => {
      const salt = pathSalt(M);
      // 32 hex digits, 4 bits each; 'CA-' adds nothing.
      assert.equal(salt.replaceAll('./', '1').replaceAll('/', '0'), [...M.slice(3)].map((digit) => Number.parseInt(digit, 16).toString(2).padStart(4, '0')).join(''));
      assert.notEqual(pathSalt('CA-0123456789abcdef0123456789abcdee'), salt);
    });

    it('splits the bodies at the salted headers, whatever look-alikes a body holds', () => {
      const forged = `x\n\n==> ${DIR}/conf/config-b.xml <==\ny`;
      const raw = parseCollectorOutput(run(['serverConf.xml', 'config-a.xml', 'config-b.xml'], `${header('serverConf.xml')}${forged}\n${header('config-a.xml')}\n${header('config-b.xml')}last`), M, 1024, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.data?.toString()]), [['serverConf.xml', forged], ['config-a.xml', ''], ['config-b.xml', 'last']]);
    });

    it('reports a file head could not open (no header) alone, the others read', () => {
      const raw = parseCollectorOutput(run(['serverConf.xml', 'config-gone.xml', 'config-b.xml'], `${header('serverConf.xml')}a\n${header('config-b.xml')}b`, 1), M, 1024, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.error ?? file.data?.toString()]), [['serverConf.xml', 'a'], ['config-gone.xml', 'read failed (it could not be opened)'], ['config-b.xml', 'b']]);
    });

    it('trusts no file of a run that failed with every header present (a read that broke part-way)', () => {
      const raw = parseCollectorOutput(run(['serverConf.xml', 'config-b.xml'], `${header('serverConf.xml')}a\n${header('config-b.xml')}b`, 1), M, 1024, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [['serverConf.xml', 'read failed (exit 1)'], ['config-b.xml', 'read failed (exit 1)']]);
    });

    it('says head failed, not each file, when it printed nothing and failed (a head without -v)', () => {
      const raw = parseCollectorOutput(run(['serverConf.xml', 'config-b.xml'], '', 1), M, 1024, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [['serverConf.xml', 'read failed (exit 1)'], ['config-b.xml', 'read failed (exit 1)']]);
    });

    it('refuses head output that does not start with a salted header', () => {
      const raw = parseCollectorOutput(run(['serverConf.xml'], `==> ${DIR}/conf/serverConf.xml <==\na`), M, 1024, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [['serverConf.xml', 'read failed (unexpected head output)']]);
    });

    it('refuses a salted header for a name it was not told of, or out of order', () => {
      for (const heads of [`${header('serverConf.xml')}a\n${header('config-x.xml')}b`, `${header('config-b.xml')}b\n${header('serverConf.xml')}a`]) {
        const raw = parseCollectorOutput(run(['serverConf.xml', 'config-b.xml'], heads), M, 1024, { exitCode: 0 });
        assert.deepEqual(raw.files.map((file) => file.error), ['read failed (unexpected head output)', 'read failed (unexpected head output)'], heads);
      }
    });

    it('finds one large body among many files head could not open', () => {
      const names = ['serverConf.xml', ...Array.from({ length: 200 }, (_, index) => `config-i${index}.xml`)];
      const body = `<serverconf>${'x'.repeat(4 * 1024 * 1024)}</serverconf>`;
      const raw = parseCollectorOutput(run(names, `${header('serverConf.xml')}${body}`, 1), M, 5 * 1024 * 1024, { exitCode: 0 });
      assert.equal(raw.files[0]?.data?.length, body.length);
      assert.deepEqual(new Set(raw.files.slice(1).map((file) => file.error)), new Set(['read failed (it could not be opened)']));
    });

    it('caps each file of the run on its own', () => {
      const raw = parseCollectorOutput(run(['config-big.xml', 'config-small.xml'], `${header('config-big.xml')}${'x'.repeat(11)}\n${header('config-small.xml')}ok`), M, 10, { exitCode: 0 });
      assert.deepEqual(raw.files.map((file) => [file.name, file.error ?? file.data?.toString()]), [['config-big.xml', 'file is larger than 5 MiB'], ['config-small.xml', 'ok']]);
    });
  });

  it('turns NOTFILE frames into a per-file reason, the name kept whole', () => {
    const raw = parseCollectorOutput(output([`${M} HELLO 1\n${M} NOTFILE fifo config-a b.xml\n${M} NOTFILE link-char config-zero.xml\n${M} NOTFILE whatever serverConf.xml\n${M} NOTFILE fifo notes.txt\n${M} PDUMP\n`]), M, 100, { exitCode: 0 });
    assert.deepEqual(raw.files.map((file) => [file.name, file.size, file.error]), [
      ['config-a b.xml', null, 'not a regular file: a FIFO (named pipe); it was not opened'],
      ['config-zero.xml', null, 'not a regular file: a symbolic link to a character device; it was not opened'],
      ['serverConf.xml', null, 'not a regular file; it was not opened'],
    ]);
  });

  it('lists a name holding a newline from its body frame and reports it unread', () => {
    const raw = parseCollectorOutput(output([`${M} HELLO 1\n${M} NLNAME\nconfig-a\n${M} LIST fake.xml\n${M} EOF 0\n${M} LIST serverConf.xml\n${M} PDUMP\n`]), M, 100, { exitCode: 0 });
    assert.deepEqual(raw.confListing, [`config-a\n${M} LIST fake.xml`, 'serverConf.xml']);
    assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [[`config-a\n${M} LIST fake.xml`, NEWLINE_IN_NAME]]);
  });

  it('ignores files that are not serverConf.xml or config-*.xml', () => {
    const raw = parseCollectorOutput(output([`${M} HELLO 1\n`, headRun([['../../etc/passwd', 'root']]), `${M} PDUMP\n`]), M, 100, { exitCode: 0 });
    assert.deepEqual(raw.files, []);
  });

  it('needs the exit status to trust the pdump output (a dropped connection has none)', () => {
    const raw = interpretCollectorRun({ stdout: output([`${M} HELLO 1\n${M} PDUMP\n12:00:00 > Application ser`]), stderr: '', exitCode: null }, M, 100);
    assert.equal(raw.status, 'error');
    assert.match(raw.error ?? '', /ended early/);
  });

  it('keeps the files when nlserver pdump dies from a signal', () => {
    const raw = interpretCollectorRun({ stdout: output([`${M} HELLO 1\n`, headRun([['config-a.xml', '<serverconf/>']]), `${M} PDUMP\n`]), stderr: '', exitCode: null, exitSignal: 'SEGV' }, M, 100);
    assert.equal(raw.status, 'ok');
    assert.equal(raw.files.length, 1);
    assert.equal(raw.pdumpError, 'nlserver pdump was killed by signal SEGV');
  });

  it('turns truncated output into a host error, not an exception', () => {
    const raw = interpretCollectorRun({ stdout: output([`${M} HELLO 1\n${M} READ config-a.xml\n${M} BODIES\n==> /nl6/conf/${pathSalt(M)}config-a.xml <==\n<serverconf>`]), stderr: '', exitCode: null }, M, 100);
    assert.equal(raw.status, 'error');
    assert.match(raw.error ?? '', /ended early/);
  });

  it('fails READ files that no BODIES run follows, and keeps the pdump', () => {
    const raw = parseCollectorOutput(output([`${M} HELLO 1\n${M} READ config-a.xml\n${M} READ notes.txt\n${M} PDUMP\nbuild 9383\n`]), M, 100, { exitCode: 0 });
    assert.deepEqual(raw.files.map((file) => [file.name, file.error]), [['config-a.xml', 'read failed (no head output)']]);
    assert.equal(raw.pdump, 'build 9383\n');
  });

  it('no longer reads the per-file FILE frame of older collectors: an unknown frame', () => {
    const raw = interpretCollectorRun({ stdout: output([`${M} HELLO 1\n${M} FILE config-a.xml\n<serverconf/>\n${M} EOF 0\n${M} PDUMP\n`]), stderr: '', exitCode: 0 }, M, 100);
    assert.equal(raw.status, 'error');
    assert.match(raw.error ?? '', /unknown frame "FILE"/);
  });

  it('uses stderr to explain a run that produced nothing (sudo, shell)', () => {
    const raw = interpretCollectorRun({ stdout: Buffer.alloc(0), stderr: 'sudo: a password is required\n', exitCode: 1 }, M, 100);
    assert.equal(raw.status, 'error');
    assert.equal(raw.error, 'sudo: a password is required (exit 1)');
  });

  it('refuses output framed with another marker', () => {
    const raw = interpretCollectorRun({ stdout: output([`CA-other HELLO 1\n`]), stderr: '', exitCode: 0 }, M, 100);
    assert.equal(raw.status, 'error');
  });

  it('keeps output up to the cap; past it, lets go of everything and stops the run once', () => {
    let stops = 0;
    const sink = new OutputSink(() => (stops += 1));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < MAX_OUTPUT_BYTES / chunk.length; i++) sink.push(chunk);
    assert.deepEqual([sink.overflow, sink.buffer().length, stops], [false, MAX_OUTPUT_BYTES, 0], 'exactly the cap is still kept');
    sink.push(Buffer.from('x'));
    sink.push(chunk);
    assert.deepEqual([sink.overflow, sink.buffer().length, stops, sink.size], [true, 0, 1, MAX_OUTPUT_BYTES + 1 + chunk.length]);
    assert.equal(interpretCollectorRun({ stdout: sink.buffer(), stderr: '', exitCode: null, overflow: sink.overflow }, M, 100).error, 'collector output exceeded 16 MiB');
  });
});

describe('every frame kind counts against the host bounds', () => {
  const PDUMP = `${M} PDUMP\n12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build 9383) of 18/06/2024\n`;
  /** A host's output: HELLO, `frames`, then a pdump banner; as a snapshot, the way a scan makes it. */
  const snapshotOf = (frames: string) => {
    const raw = interpretCollectorRun({ stdout: output([`${M} HELLO 1\n${M} LIST serverConf.xml\n`, frames, PDUMP]), stderr: '', exitCode: 0 }, M, 1024);
    return toSnapshot({ name: 'hostile', address: 'hostile', tags: [], installDir: '/nl6' }, raw, { kind: 'ssh', now: NOW, redact: createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS) });
  };
  const many = (count: number, frame: (n: number) => string): string => Array.from({ length: count }, (_, n) => frame(n)).join('');
  const flood = 250_000;
  const cases: [string, string, RegExp][] = [
    ['DENIED config-N.xml', many(flood, (n) => `${M} DENIED config-${n}.xml\n`), /describes more than 201 files/],
    ['NOTFILE fifo config-N.xml', many(flood, (n) => `${M} NOTFILE fifo config-${n}.xml\n`), /describes more than 201 files/],
    ['READ config-N.xml, head failing', many(flood, (n) => `${M} READ config-${n}.xml\n`) + `${M} BODIES\n\n${M} EOF 1\n`, /describes more than 201 files/],
    ['READ config-N.xml, every one read', headRun(Array.from({ length: 20_000 }, (_, n): [string, string] => [`config-${n}.xml`, '<serverconf/>'])), /describes more than 201 files/],
    ['READ config-N.xml and no BODIES', many(flood, (n) => `${M} READ config-${n}.xml\n`), /describes more than 201 files/],
    ['DENIED of names that are not config files', many(flood, (n) => `${M} DENIED notes-${n}.txt\n`), /describes more than 201 files/],
    ['NLNAME config names', many(20_000, (n) => `${M} NLNAME\nconfig-${n}\nx.xml\n${M} EOF 0\n`), /describes more than 201 files/],
    ['LIST of any names', many(flood, (n) => `${M} LIST backup-${n}\n`), /lists more than 10,000 names/],
    ['instances listed and described apart (150 + 150)', many(150, (n) => `${M} LIST config-l${n}.xml\n`) + many(150, (n) => `${M} DENIED config-d${n}.xml\n`), /conf\/ holds 300 config-\*\.xml files/],
    ['one file described twice', `${headRun([['config-a.xml', '<serverconf/>']])}${M} DENIED config-a.xml\n`, /describes one file twice/],
  ];
  for (const [what, frames, error] of cases) {
    it(`${what}: that host's error, nothing of conf/ kept, its build still read`, () => {
      const snapshot = snapshotOf(frames);
      assert.equal(snapshot.status, 'error');
      assert.match(snapshot.error ?? '', error);
      assert.deepEqual([snapshot.files.length, snapshot.confListing.length], [0, 0]);
      assert.match(snapshot.pdump ?? '', /build 9383/);
    });
  }

  it('a host at the bounds is ok: serverConf.xml and 200 instances, listed and read', () => {
    const snapshot = snapshotOf(many(200, (n) => `${M} LIST config-${n}.xml\n`) + headRun([['serverConf.xml', '<serverconf/>'], ...Array.from({ length: 200 }, (_, n): [string, string] => [`config-${n}.xml`, '<serverconf/>'])]));
    assert.equal(snapshot.status, 'ok', snapshot.error);
    assert.equal(snapshot.files.length, 201);
  });
});
