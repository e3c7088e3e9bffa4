// Keyed fingerprints (docs/security.md, "Fingerprint key"): a report gives nobody without the key
// a way to test a guess of a weak secret, and the key is found, made and checked as promised.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keyedFingerprinter } from '../../src/engine/fingerprint.js';
import { KEY_ENV } from '../../src/inputs/fingerprint-key.js';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { configXml, pdumpLine } from '../helpers/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-fingerprint-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const WEAK = 'Spring2024!';
const KEY_A = 'a'.repeat(16) + 'fingerprint-key-one';
const KEY_B = 'b'.repeat(16) + 'fingerprint-key-two';

/** A one-host --dir fleet whose dbcnx password is WEAK, in clear text. */
function weakFleet(): string {
  const root = join(scratch, 'fleet');
  mkdirSync(join(root, 'db-1', 'conf'), { recursive: true });
  writeFileSync(join(root, 'db-1', 'conf', 'serverConf.xml'), configXml({}, `<dataStore><dataSource name="default"><dbcnx login="neolane" password="${WEAK}"/></dataSource></dataStore>`));
  writeFileSync(join(root, 'db-1', 'conf', 'config-prod.xml'), configXml());
  writeFileSync(join(root, 'db-1', 'pdump.txt'), pdumpLine('7.4.1', 9383));
  return root;
}
const FLEET = weakFleet();

const plainSha = (value: string): string => `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}`;

describe('keyed fingerprints', () => {
  it('are HMAC-SHA256 under the key: not the plain SHA-256, and another key gives another one', () => {
    const a = keyedFingerprinter(Buffer.from(KEY_A));
    const b = keyedFingerprinter(Buffer.from(KEY_B));
    assert.equal(a.of(WEAK), `sha256:${createHmac('sha256', KEY_A).update(WEAK).digest('hex').slice(0, 12)}`);
    assert.notEqual(a.of(WEAK), plainSha(WEAK));
    assert.notEqual(a.of(WEAK), b.of(WEAK));
    assert.equal(a.of(WEAK), keyedFingerprinter(Buffer.from(KEY_A)).of(WEAK), 'stable under one key');
    assert.match(a.keyId, /^[0-9a-f]{12}$/);
    assert.notEqual(a.keyId, b.keyId);
    assert.ok(a.isFingerprint(a.of('x')) && a.isFingerprint(b.of('x')) && !a.isFingerprint('sha256:xyz'));
    assert.throws(() => keyedFingerprinter(Buffer.from('short')), RangeError);
  });

  it('leave nothing in a report that a guessing loop over plain SHA-256 could match', async () => {
    const run = await runCli(['scan', '--dir', FLEET, '-f', 'json', '--no-progress'], { env: { [KEY_ENV]: KEY_A } });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    const plaintext = report.findings.find((finding) => finding.ruleId === 'secrets/plaintext');
    assert.ok(plaintext, 'the weak password is found');
    assert.ok(plaintext.message.includes(keyedFingerprinter(Buffer.from(KEY_A)).of(WEAK)), plaintext.message);
    // The attacker's loop: word + year + suffix, hashed plainly, searched in the report.
    const guesses = ['Summer', 'Winter', 'Spring', 'Autumn'].flatMap((word) => ['2023', '2024', '2025'].flatMap((year) => ['', '!', '1', '#'].map((end) => `${word}${year}${end}`)));
    assert.ok(guesses.includes(WEAK));
    assert.deepEqual(guesses.filter((guess) => run.stdout.includes(plainSha(guess).slice('sha256:'.length))), []);
    assert.deepEqual(report.fingerprints, { scheme: 'hmac-sha256', keyId: keyedFingerprinter(Buffer.from(KEY_A)).keyId });
  });

  it('makes the default key file once, private, and uses it in the next run', async () => {
    const config = join(scratch, 'xdg');
    const env = { [KEY_ENV]: '', XDG_CONFIG_HOME: config, HOME: join(scratch, 'home') };
    const first = await runCli(['scan', '--dir', FLEET, '-f', 'json', '--no-progress'], { env });
    assert.equal(first.code, 1, first.stderr);
    const file = join(config, 'campaign-audit', 'fingerprint.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(config, 'campaign-audit')).mode & 0o777, 0o700);
    assert.match(first.stderr, /created the fingerprint key \S+fingerprint\.key \(key id [0-9a-f]{12}\)/);
    assert.ok(!first.stderr.includes(readFileSync(file, 'utf8').trim()), 'the key itself is never printed');
    const second = await runCli(['scan', '--dir', FLEET, '-f', 'json', '--no-progress'], { env });
    assert.doesNotMatch(second.stderr, /created/);
    assert.deepEqual((JSON.parse(second.stdout) as ScanResult).fingerprints, (JSON.parse(first.stdout) as ScanResult).fingerprints);
  });

  it('refuses a key file others can read, and a key too short, in one line (exit 2)', async () => {
    const open = join(scratch, 'open.key');
    writeFileSync(open, KEY_A, { mode: 0o644 });
    const run = await runCli(['scan', '--dir', FLEET, '--fingerprint-key', open, '--no-progress']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^campaign-audit: --fingerprint-key \S+open\.key: other users can read it; make it private \(chmod 600\)/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    const short = join(scratch, 'short.key');
    writeFileSync(short, 'too-short', { mode: 0o600 });
    const shortRun = await runCli(['scan', '--dir', FLEET, '--fingerprint-key', short, '--no-progress']);
    assert.equal(shortRun.code, 2);
    assert.match(shortRun.stderr, /needs at least 32 characters/);
    assert.doesNotMatch(shortRun.stderr, /too-short/);
  });

  it('refuses evidence saved under another key, and replays it under the same one', async () => {
    const evidence = join(scratch, 'evidence');
    const saved = await runCli(['scan', '--dir', FLEET, '--save-evidence', evidence, '-f', 'json', '--no-progress'], { env: { [KEY_ENV]: KEY_A } });
    assert.equal(saved.code, 1, saved.stderr);
    const other = await runCli(['scan', '--evidence', evidence, '--no-progress'], { env: { [KEY_ENV]: KEY_B } });
    assert.equal(other.code, 2);
    const ids = [KEY_A, KEY_B].map((key) => keyedFingerprinter(Buffer.from(key)).keyId);
    assert.match(other.stderr, new RegExp(`fingerprinted under key id ${ids[0]}, and this run's key is ${ids[1]}`));
    const same = await runCli(['scan', '--evidence', evidence, '-f', 'json', '--no-progress'], { env: { [KEY_ENV]: KEY_A } });
    assert.equal(same.code, 1, same.stderr);
    assert.deepEqual((JSON.parse(same.stdout) as ScanResult).findings.map((finding) => finding.message), (JSON.parse(saved.stdout) as ScanResult).findings.map((finding) => finding.message));
  });
});
