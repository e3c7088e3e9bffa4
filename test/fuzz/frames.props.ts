// Properties of the collector's framed output (src/collect/frames.ts, produced by the script in
// src/collect/script.ts): frames are lines starting with a per-run random marker; the files
// named by READ frames come after one BODIES frame as a single `head -v` run, each after a header
// whose path holds the marker's salt, the run ending at "\n<marker> EOF <rc>"; the pdump output
// runs to the end.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FrameError, interpretCollectorRun, MAX_OUTPUT_BYTES, OutputSink, parseCollectorOutput, pathSalt, type RunEnd } from '../../src/collect/frames.js';
import { createLocalTransport } from '../../src/collect/local.js';
import { isConfigFileName, TOO_LARGE, type RawHost } from '../../src/collect/transport.js';
import { TOO_MANY_ENTRIES, TOO_MANY_FILES } from '../../src/collect/snapshot.js';
import { HOST_STATUSES } from '../../src/model.js';
import { assertFast, check, checkAsync, defineProperties } from '../helpers/fuzz.js';

const PDUMP_KEEP_BYTES = 16 * 1024;

const marker = fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `CA-${hex}`);

/** Names as `ls conf/` could show them: config files, look-alikes, path tricks, shell metacharacters. */
const fileName = fc
  .oneof(
    fc.constantFrom('serverConf.xml', 'config-prod.xml', 'config-default.xml', 'serverConf.xml.diff', 'config-.xml', 'config-a b.xml', "config-it's.xml", 'config-é.xml', 'config-$(id).xml', 'config-`id`.xml', 'notes.txt', '-rf', ' ', 'config-x.xml\r'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).map((text) => `config-${text}.xml`),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
  )
  .filter((name) => !name.includes('\n') && !name.includes('/') && !name.includes('\u0000') && name !== '.' && name !== '..' && Buffer.from(name).toString('utf8') === name && Buffer.byteLength(name) < 200);

/** Body pieces; NEAR and OTHER are frame look-alikes filled in with the run's marker. */
const bodyPieces = fc.array(
  fc.oneof(fc.constantFrom('\n', 'EOF 0', '\r\n', 'x', '<serverconf/>', 'NEAR', 'OTHER', ' EOF ', 'PDUMP'), fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('latin1'))),
  { maxLength: 12 },
);

function bodyOf(pieces: string[], runMarker: string): Buffer {
  const parts = pieces.map((piece) =>
    piece === 'NEAR' ? `\n${runMarker.slice(0, -1)} EOF 0\n` : piece === 'OTHER' ? `\nCA-00000000000000000000000000000000 EOF 0\n${runMarker.slice(0, 12)}` : piece,
  );
  return Buffer.from(parts.join(''), 'latin1');
}

const runModelDraft = fc.record({
  marker,
  listing: fc.array(fileName, { maxLength: 6 }),
  // Unique, as names in one directory are.
  entries: fc.uniqueArray(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('file' as const), name: fileName, pieces: bodyPieces, rc: fc.constantFrom(0, 0, 0, 1, 2) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('denied' as const), name: fileName }) },
    ),
    { selector: (entry) => entry.name, maxLength: 5 },
  ),
  /** A cap of its own, or one placed on the first file's size: one byte under, at, or over it. */
  cap: fc.oneof(fc.integer({ min: 0, max: 64 }).map((bytes) => ({ bytes })), fc.constantFrom(-1, 0, 1).map((delta) => ({ delta }))),
  pdump: fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 20_000 })).map(([bytes, padding]) => Buffer.concat([Buffer.from('12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build 9383) of 18/06/2024\n'), Buffer.from(bytes), Buffer.alloc(padding, 0x61)])),
  end: fc.oneof(
    fc.constant<RunEnd>({ exitCode: 0 }),
    fc.integer({ min: 1, max: 255 }).map((exitCode): RunEnd => ({ exitCode })),
    fc.constantFrom('SEGV', 'KILL', 'ABRT').map((exitSignal): RunEnd => ({ exitCode: null, exitSignal })),
    fc.constant<RunEnd>({ exitCode: null }),
  ),
  noConfDirectory: fc.boolean(),
});
const runModel = runModelDraft.map(({ cap, ...model }) => {
  const first = model.entries.find((entry) => entry.kind === 'file');
  const size = first?.kind === 'file' ? bodyOf(first.pieces, model.marker).length : 0;
  return { ...model, maxFileBytes: 'bytes' in cap ? cap.bytes : Math.max(0, size + cap.delta) };
});
type RunModel = typeof runModel extends fc.Arbitrary<infer T> ? T : never;

/** The install dir as head prints it in its headers (a space, so nothing assumes a plain path). */
const INSTALL_DIR = '/opt/neo lane/nl6';

/** What the script prints for the model (src/collect/script.ts), and where the pdump output starts. */
function writeRun(model: RunModel): { output: Buffer; pdumpStart: number } {
  const m = model.marker;
  const parts: Buffer[] = [Buffer.from(`${m} HELLO 1\n`)];
  if (model.noConfDirectory) parts.push(Buffer.from(`${m} NOCONF\n`));
  else {
    for (const name of model.listing) parts.push(Buffer.from(`${m} LIST ${name}\n`));
    const reads = model.entries.filter((entry) => entry.kind === 'file');
    for (const entry of model.entries) parts.push(Buffer.from(`${m} ${entry.kind === 'denied' ? 'DENIED' : 'READ'} ${entry.name}\n`));
    if (reads.length > 0) {
      // One `head -v -c CAP` (CAP = maxFileBytes + 1: one byte more means "too large"): a header
      // before each file it opens, "\n" before every header but the first; a file with rc != 0
      // could not be opened, so it has no header and head exits 1.
      const opened = reads.filter((entry) => entry.rc === 0);
      parts.push(Buffer.from(`${m} BODIES\n`));
      opened.forEach((entry, index) => {
        parts.push(Buffer.from(`${index > 0 ? '\n' : ''}==> ${INSTALL_DIR}/conf/${pathSalt(m)}${entry.name} <==\n`), bodyOf(entry.pieces, m).subarray(0, model.maxFileBytes + 1));
      });
      parts.push(Buffer.from(`\n${m} EOF ${opened.length === reads.length ? 0 : 1}\n`));
    }
  }
  parts.push(Buffer.from(`${m} PDUMP\n`));
  const pdumpStart = parts.reduce((total, part) => total + part.length, 0);
  parts.push(model.pdump);
  return { output: Buffer.concat(parts), pdumpStart };
}

/** The RawHost the collector must report for the model. */
function expectedHost(model: RunModel): RawHost {
  const m = model.marker;
  const reads = model.entries.filter((entry) => entry.kind === 'file');
  // head failed with no file opened: head itself is said to have failed, not each file.
  const headFailed = reads.length > 0 && reads.every((entry) => entry.rc !== 0);
  // DENIED frames are reported as they come, the files of the head run after them.
  const files = model.noConfDirectory
    ? []
    : [...model.entries.filter((entry) => entry.kind === 'denied'), ...reads]
        .filter((entry) => isConfigFileName(entry.name))
        .map((entry) => {
          if (entry.kind === 'denied') return { name: entry.name, size: null, error: 'permission denied' };
          if (headFailed) return { name: entry.name, size: null, error: 'read failed (exit 1)' };
          if (entry.rc !== 0) return { name: entry.name, size: null, error: 'read failed (it could not be opened)' };
          const body = bodyOf(entry.pieces, m).subarray(0, model.maxFileBytes + 1);
          if (body.length > model.maxFileBytes) return { name: entry.name, size: null, error: TOO_LARGE };
          return { name: entry.name, size: body.length, data: body };
        });
  return {
    status: model.noConfDirectory ? 'error' : 'ok',
    ...(model.noConfDirectory ? { error: 'no conf/ directory under the install dir' } : {}),
    confListing: model.noConfDirectory ? [] : model.listing,
    files,
    pdump: model.pdump.subarray(0, PDUMP_KEEP_BYTES).toString('utf8'),
  };
}

function withoutPdumpError(host: RawHost): RawHost {
  const { pdumpError: _ignored, ...rest } = host;
  return rest;
}

/** A RawHost any caller can rely on, however the output looked. */
function assertWellShaped(host: RawHost): void {
  assert.ok((HOST_STATUSES as readonly string[]).includes(host.status));
  assert.ok(host.confListing.every((name) => typeof name === 'string'));
  assert.ok(host.pdump === null || typeof host.pdump === 'string');
  for (const file of host.files) {
    assert.ok(isConfigFileName(file.name), `only config files: ${JSON.stringify(file.name)}`);
    if (file.data !== undefined) assert.ok(file.error === undefined && file.size === file.data.length);
    else assert.ok(typeof file.error === 'string' && file.error.length > 0);
  }
  if (host.status !== 'ok') assert.ok(typeof host.error === 'string' && host.error.length > 0);
}

const frameKind = fc.constantFrom('HELLO', 'LIST', 'READ', 'BODIES', 'NLNAME', 'NOTFILE', 'FILE', 'EOF', 'DENIED', 'NOCONF', 'PDUMP', 'XYZ', '', 'HELLO 1', 'EOF x');
const frameSoup = fc.tuple(
  marker,
  fc.array(
    fc.oneof(
      fc.tuple(frameKind, fc.string({ maxLength: 12 })).map(([kind, arg]) => ({ kind, arg })),
      fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)),
    ),
    { maxLength: 20 },
  ),
  fc.boolean(),
  fc.oneof(fc.constant<RunEnd>({ exitCode: 0 }), fc.constant<RunEnd>({ exitCode: null }), fc.constant<RunEnd>({ exitCode: null, exitSignal: 'SEGV' }), fc.constant<RunEnd>({ exitCode: 3 })),
);

let bigChunk: Buffer | undefined;
/** One 24 MiB buffer with a position-dependent pattern; chunks are views of it. */
function chunkOf(offset: number, size: number): Buffer {
  if (bigChunk === undefined) {
    bigChunk = Buffer.allocUnsafe(24 * 1024 * 1024);
    for (let index = 0; index < bigChunk.length; index += 1) bigChunk[index] = index % 251;
  }
  const start = offset % (bigChunk.length - size + 1);
  return bigChunk.subarray(start, start + size);
}

export default defineProperties({
  'reads back exactly what the script framed: listing, files, caps, read errors, pdump and its status': () =>
    check(
      fc.property(runModel, (model) => {
        const { output } = writeRun(model);
        const run = { stdout: output, stderr: '', exitCode: model.end.exitCode, exitSignal: model.end.exitSignal ?? null };
        const host = interpretCollectorRun(run, model.marker, model.maxFileBytes);
        assertWellShaped(host);
        if (model.end.exitCode === null && !model.end.exitSignal) {
          // No exit status and no signal: the connection was cut, nothing is trusted.
          assert.equal(host.status, 'error');
          assert.match(host.error ?? '', /ended early/);
          return;
        }
        assert.deepEqual(withoutPdumpError(host), expectedHost(model));
        if (model.end.exitSignal) assert.equal(host.pdumpError, `nlserver pdump was killed by signal ${model.end.exitSignal}`);
        else if (model.end.exitCode === 0) assert.equal(host.pdumpError, undefined);
        else if (model.end.exitCode === 127) assert.match(host.pdumpError ?? '', /nlserver was not found/);
        else if (model.end.exitCode === 126) assert.match(host.pdumpError ?? '', /not executable/);
        else assert.ok(host.pdumpError?.startsWith(`nlserver pdump exited with status ${model.end.exitCode}`), host.pdumpError);
      }),
      300,
    ),

  'a cut output is never an ok host before the pdump frame, and never without an exit status': () =>
    check(
      fc.property(runModel, fc.nat(), (model, at) => {
        const { output, pdumpStart } = writeRun({ ...model, noConfDirectory: false });
        const cut = at % output.length;
        const stdout = output.subarray(0, cut);
        const unknownEnd = interpretCollectorRun({ stdout, stderr: '', exitCode: null }, model.marker, model.maxFileBytes);
        assert.equal(unknownEnd.status, 'error');
        assert.deepEqual([unknownEnd.files, unknownEnd.pdump], [[], null]);
        const exited = interpretCollectorRun({ stdout, stderr: '', exitCode: 0 }, model.marker, model.maxFileBytes);
        assert.equal(exited.status, cut >= pdumpStart ? 'ok' : 'error', `cut at ${cut}, pdump from ${pdumpStart}`);
      }),
      300,
    ),

  'on any bytes it returns a host or throws FrameError, and interpretCollectorRun never throws': () =>
    check(
      fc.property(frameSoup, ([m, lines, withNewline, end]) => {
        const output = Buffer.concat(lines.map((line) => Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(`${m} ${line.kind} ${line.arg}`), Buffer.from(withNewline ? '\n' : '')])));
        const stdout = Buffer.concat([Buffer.from(`${m} HELLO 1\n`), output]);
        for (const candidate of [output, stdout]) {
          try {
            assertWellShaped(parseCollectorOutput(candidate, m, 32, end));
          } catch (error) {
            assert.ok(error instanceof FrameError, `only FrameError escapes: ${String(error)}`);
          }
          assertWellShaped(interpretCollectorRun({ stdout: candidate, stderr: 'sh: oops\n', exitCode: end.exitCode, exitSignal: end.exitSignal ?? null }, m, 32));
        }
      }),
      500,
    ),

  'the output sink keeps every byte under the cap, never more than the cap, and calls onOverflow once': () =>
    check(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 1, max: 24 * 1024 * 1024 }))), { maxLength: 8 }),
        fc.constantFrom(-1, 0, 1, null),
        (chunks, fillTo) => {
          const pushed = chunks.map(([offset, size]) => chunkOf(offset, size));
          // Sometimes land exactly on the limit, one byte short or one byte over.
          if (fillTo !== null) {
            let missing = MAX_OUTPUT_BYTES + fillTo - pushed.reduce((total, chunk) => total + chunk.length, 0);
            while (missing > 0) {
              const size = Math.min(missing, 24 * 1024 * 1024);
              pushed.push(chunkOf(missing, size));
              missing -= size;
            }
          }
          let overflows = 0;
          const sink = new OutputSink(() => (overflows += 1));
          for (const chunk of pushed) sink.push(chunk);
          const total = pushed.reduce((sum, chunk) => sum + chunk.length, 0);
          assert.equal(sink.size, total);
          assert.equal(sink.overflow, total > MAX_OUTPUT_BYTES);
          assert.equal(overflows, total > MAX_OUTPUT_BYTES ? 1 : 0);
          const kept = sink.buffer();
          assert.ok(kept.length <= MAX_OUTPUT_BYTES);
          let position = 0;
          for (const chunk of pushed) {
            if (position + chunk.length > kept.length) break;
            assert.ok(kept.subarray(position, position + chunk.length).equals(chunk), 'bytes kept in order');
            position += chunk.length;
          }
          assert.equal(position, kept.length, 'whole chunks only, none skipped before the limit');
          if (total <= MAX_OUTPUT_BYTES) assert.equal(kept.length, total, 'under the cap, every byte is kept');
        },
      ),
      12,
    ),

  'stays linear on 100k frames, 10 MB bodies of near-miss frames and 10 MB of pdump': () =>
    check(
      fc.property(marker, fc.integer({ min: 50_000, max: 100_000 }), fc.constantFrom('list', 'files', 'reads', 'body', 'headers', 'pdump'), (m, n, shape) => {
        let output: Buffer;
        if (shape === 'list') output = Buffer.from(`${m} HELLO 1\n${`${m} LIST config-x.xml\n`.repeat(n)}${m} PDUMP\n`);
        else if (shape === 'files') output = Buffer.from(`${m} HELLO 1\n${`${m} READ config-a.xml\n`.repeat(n)}${m} BODIES\n${`==> ${INSTALL_DIR}/conf/${pathSalt(m)}config-a.xml <==\n<serverconf/>\n\n`.repeat(n)}${m} EOF 0\n${m} PDUMP\n`);
        else if (shape === 'reads') output = Buffer.from(`${m} HELLO 1\n${`${m} READ config-a.xml\n`.repeat(n)}${m} BODIES\n\n${m} EOF 1\n${m} PDUMP\n`);
        else if (shape === 'headers') {
          // One file whose body is near-miss headers: the salt one step short, then a wrong name.
          const salted = `==> ${INSTALL_DIR}/conf/${pathSalt(m)}`;
          output = Buffer.from(`${m} HELLO 1\n${m} READ config-a.xml\n${m} BODIES\n${salted}config-a.xml <==\n${`\n${salted.slice(0, -1)}config-a.xml <==\n`.repeat(n)}\n${m} EOF 0\n${m} PDUMP\n`);
        } else if (shape === 'body') output = Buffer.from(`${m} HELLO 1\n${m} READ config-a.xml\n${m} BODIES\n==> ${INSTALL_DIR}/conf/${pathSalt(m)}config-a.xml <==\n${`\n${m.slice(0, -1)} EOF 0`.repeat(n * 2)}\n${m} EOF 0\n${m} PDUMP\n`);
        else output = Buffer.from(`${m} HELLO 1\n${m} PDUMP\n${'Application server for Adobe Campaign ('.repeat(n * 3)}`);
        const host = assertFast(`parseCollectorOutput on ${output.length} bytes (${shape})`, () => interpretCollectorRun({ stdout: output, stderr: '', exitCode: 0 }, m, 64 * 1024 * 1024));
        // 50k LIST or READ frames are over the host's bounds (10,000 names, 201 files): that
        // host's error, reached in linear time; the other shapes are one file.
        if (shape === 'list') assert.deepEqual([host.status, host.error], ['error', TOO_MANY_ENTRIES]);
        else if (shape === 'files' || shape === 'reads') assert.deepEqual([host.status, host.error], ['error', TOO_MANY_FILES]);
        else assert.equal(host.status, 'ok');
      }),
      8,
    ),

  'the real collector script frames a generated conf/ exactly (file names with spaces, quotes, $(…), look-alike frames in contents)': () =>
    checkAsync(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fileName, bodyPieces), { selector: ([name]) => name, maxLength: 6 }),
        fc.oneof(fc.integer({ min: 0, max: 96 }).map((bytes) => ({ bytes })), fc.constantFrom(-1, 0, 1).map((delta) => ({ delta }))),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(0, 0, 1, 127),
        async (entries, cap, pdumpBytes, rc) => {
          const dir = mkdtempSync(join(tmpdir(), 'campaign-audit-fuzz-'));
          try {
            mkdirSync(join(dir, 'conf'));
            mkdirSync(join(dir, 'bin'));
            // Contents hold frame look-alikes for a marker they cannot know; any marker will do.
            const contents = new Map(entries.map(([name, pieces]) => [name, bodyOf(pieces, 'CA-0123456789abcdef0123456789abcdef')]));
            const firstConfig = [...contents].find(([name]) => isConfigFileName(name))?.[1].length ?? 0;
            const maxFileBytes = 'bytes' in cap ? cap.bytes : Math.max(0, firstConfig + cap.delta);
            for (const [name, data] of contents) writeFileSync(join(dir, 'conf', name), data);
            writeFileSync(join(dir, 'pdump.out'), Buffer.from(pdumpBytes));
            writeFileSync(join(dir, 'bin', 'nlserver'), `#!/bin/sh\ncat "$(dirname "$0")/../pdump.out"\nexit ${rc}\n`);
            chmodSync(join(dir, 'bin', 'nlserver'), 0o755);
            const host = await createLocalTransport().collect(
              { name: 'fuzz', address: 'fuzz', tags: [], installDir: dir },
              { signal: new AbortController().signal, maxFileBytes, commandTimeout: 30 },
            );
            assertWellShaped(host);
            assert.equal(host.status, 'ok', host.error);
            // The glob conf/* skips dot files.
            assert.deepEqual([...host.confListing].sort(), [...contents.keys()].filter((name) => !name.startsWith('.')).sort());
            const expected = [...contents]
              .filter(([name]) => isConfigFileName(name))
              .map(([name, data]) => (data.length > maxFileBytes ? { name, size: null, error: TOO_LARGE } : { name, size: data.length, data }))
              .sort((a, b) => (a.name < b.name ? -1 : 1));
            assert.deepEqual([...host.files].sort((a, b) => (a.name < b.name ? -1 : 1)), expected);
            assert.equal(host.pdump, Buffer.from(pdumpBytes).toString('utf8'));
            assert.equal(host.pdumpError === undefined, rc === 0);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      25,
    ),
});
