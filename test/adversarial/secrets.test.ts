// Promise 1 (docs/security.md): no secret value reaches stdout, stderr or any file the tool
// writes: not through any command, output format, evidence, --verbose/--debug log or error
// path. Every secret attribute of two real-sshd hosts holds a unique marker (plaintext and
// `@…` encrypted forms, in good and in rejected files), the SSH key's passphrase is a marker,
// and every run's output is searched for the markers' shared random prefix.
import { fingerprintSecret } from '../helpers/fixtures.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { reporters } from '../../src/report/index.js';
import { runBinary, runMain, type CliRun } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { filesUnder, SecretMarkers, secretLayout } from '../helpers/secret-markers.js';
import { generateKey, sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';

const FORMATS = Object.keys(reporters);

describe('no secret leaves the tool, whatever the command, format, log level or error', { skip: sshdSkip() }, () => {
  const markers = new SecretMarkers();
  const layouts = [secretLayout(markers), secretLayout(markers)];
  const passphrase = markers.plain('passphrase');
  let fleet: SshdFleet;
  let out: string;
  let input: string;
  let inventory: string;
  let knownHosts: string;
  let encryptedKey: string;
  let keyBody: string;
  /** Every stdout and stderr of every run, by label. */
  const streams: [string, string][] = [];

  const record = (label: string, run: CliRun): CliRun => {
    streams.push([`${label} stdout`, run.stdout], [`${label} stderr`, run.stderr]);
    return run;
  };
  const sshFlags = (): string[] => ['-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--connect-timeout', '10'];
  const env = { CA_TEST_PASSPHRASE: passphrase };

  before(async () => {
    fleet = await startFleet({ hosts: layouts.map((conf) => ({ conf })) });
    out = join(fleet.dir, 'out');
    input = join(fleet.dir, 'in');
    mkdirSync(out);
    mkdirSync(input);
    // The client key is encrypted with a marker as its passphrase; its private body is a secret too.
    encryptedKey = join(input, 'id_encrypted');
    appendFileSync(fleet.authorizedKeys, `${await generateKey(encryptedKey, 'ed25519', passphrase)}\n`);
    keyBody = readFileSync(encryptedKey, 'utf8').split('\n')[2] ?? '';
    assert.ok(keyBody.length > 40);
    knownHosts = join(input, 'known_hosts');
    writeFileSync(knownHosts, `${fleet.knownHostsLine()}\n`);
    inventory = join(input, 'fleet.yaml');
    await writeFleetInventory(inventory, fleet, undefined, { identityFile: encryptedKey, passphraseEnv: 'CA_TEST_PASSPHRASE' });
  });
  after(async () => {
    await fleet?.stop();
  });

  it('SSH scan: every format, evidence and the --debug trace', async () => {
    const files = FORMATS.filter((format) => format !== 'table').flatMap((format) => ['-f', `${format}=${join(out, `ssh.${format}`)}`]);
    const run = record('scan --debug', await runMain(['scan', ...sshFlags(), '--debug', '--save-evidence', join(out, 'evidence'), '-f', 'table', ...files], env));
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(readFileSync(join(out, 'ssh.json'), 'utf8')) as ScanResult;
    assert.deepEqual(
      report.hosts.map((host) => host.status),
      ['ok', 'ok'],
    );
    // The trace is really there: handshake, login with the decrypted key, the one command.
    assert.match(run.stderr, /ssh2: .*KEXINIT/);
    assert.match(run.stderr, /logged in as cat-\S+ on 127\.0\.0\.1:\d+ with key \S+id_encrypted/);
    assert.match(run.stderr, /exec: exec sh -s -- /);
    // The secrets were read and judged, by fingerprint.
    const json = readFileSync(join(out, 'ssh.json'), 'utf8');
    for (const name of ['taSecret', 'dbPassword', 'imsClientSecret']) {
      const marker = markers.all.find((value) => value.includes(name) && !value.startsWith('@')) as string;
      assert.ok(json.includes(fingerprintSecret(marker)), `fingerprint of the ${name} marker is reported`);
    }
    const evidence = readdirSync(join(out, 'evidence')).map((name) => readFileSync(join(out, 'evidence', name), 'utf8'));
    assert.equal(evidence.length, 2);
    const encrypted = markers.all.find((value) => value.includes('taKeyEnc')) as string;
    assert.ok(evidence.some((text) => text.includes(`@${fingerprintSecret(encrypted)}`)), 'the encrypted key is kept as @fingerprint');
    const unreadable = report.findings.filter((finding) => finding.ruleId === 'config/unreadable').map((finding) => finding.file);
    for (const file of ['conf/config-broken.xml', 'conf/config-doctype.xml', 'conf/config-big.xml']) assert.ok(unreadable.includes(file), `${file} is reported unreadable`);
  });

  it('SSH scan through the real binary with --verbose', async () => {
    const run = record('binary -v', await runBinary(['scan', ...sshFlags(), '-v', '-f', 'json', '-f', `sarif=${join(out, 'bin.sarif')}`], env));
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /host key ssh-ed25519 SHA256:\S+ for \[127\.0\.0\.1\]:\d+: matches known_hosts/);
    assert.equal((JSON.parse(run.stdout) as ScanResult).hosts.length, 2);
  });

  it('error paths: a wrong passphrase, a key file that is not a key, a bad inventory', async () => {
    const wrong = record('wrong passphrase', await runMain(['scan', ...sshFlags(), '-v', '-f', 'json'], { CA_TEST_PASSPHRASE: markers.plain('wrongPassphrase') }));
    assert.equal(wrong.code, 3);
    assert.match(wrong.stdout, /cannot decrypt identity file/);

    const notAKey = join(input, 'not-a-key');
    writeFileSync(notAKey, `${markers.plain('keyFileContent')}\n${layouts[0]?.['config-plain.xml']}`);
    const bad = record('not a key', await runMain(['scan', ...sshFlags(), '--identity', notAKey, '-f', 'json'], {}));
    assert.equal(bad.code, 3);

    const leakyInventory = join(input, 'leaky.yaml');
    writeFileSync(leakyInventory, `hosts:\n  - name: a\n    address: 127.0.0.1\n    password: ${markers.plain('inventoryPassword')}\n`);
    const unknownKey = record('inventory key', await runMain(['scan', '-i', leakyInventory]));
    assert.equal(unknownKey.code, 2);
    assert.match(unknownKey.stderr, /hosts\[0\]\.password is not a known key/);
    writeFileSync(leakyInventory, `hosts:\n  - name: a\n    address: "127.0.0.1\n    password: ${markers.plain('yamlError')}\n  - [\n`);
    const broken = record('inventory syntax', await runMain(['scan', '-i', leakyInventory]));
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid YAML/);
  });

  it('offline sources: --dir copies, --local, --evidence (also hand-edited)', async () => {
    const copies = join(input, 'copies');
    for (const host of fleet.hosts) cpSync(join(host.installDir, 'conf'), join(copies, host.user, 'conf'), { recursive: true });
    const dir = record('--dir', await runMain(['scan', '--dir', copies, '-v', ...FORMATS.flatMap((format) => ['-f', `${format}=${join(out, `dir.${format}`)}`])]));
    assert.equal(dir.code, 1, dir.stderr);

    const local = record('--local', await runMain(['scan', '--local', '--install-dir', fleet.hosts[0]?.installDir as string, '-v', '-f', 'json', '--save-evidence', join(out, 'local-evidence')]));
    assert.equal(local.code, 1, local.stderr);

    // Someone pastes a raw secret into saved evidence: the replay redacts it again.
    const tampered = join(input, 'tampered');
    mkdirSync(tampered);
    const [first] = readdirSync(join(out, 'evidence'));
    const text = readFileSync(join(out, 'evidence', first as string), 'utf8').replace(/authIMSTAClientSecret=\\"[^\\]*\\"/, `authIMSTAClientSecret=\\"${markers.plain('tampered')}\\"`);
    assert.ok(text.includes(markers.prefix), 'the tampered evidence holds a marker');
    writeFileSync(join(tampered, first as string), text);
    const replay = record('--evidence tampered', await runMain(['scan', '--evidence', tampered, '-f', 'json', '-v']));
    assert.equal(replay.code, 1, replay.stderr);

    const notJson = join(input, 'evidence-not-json.json');
    writeFileSync(notJson, markers.plain('evidenceStart'));
    const rejected = record('--evidence not JSON', await runMain(['scan', '--evidence', notJson]));
    assert.equal(rejected.code, 2);
  });

  it('report commands: convert, plan (and its dry run with the secrets exported), diff, rules, demo', async () => {
    const report = join(out, 'ssh.json');
    for (const format of FORMATS) record(`convert ${format}`, await runMain(['convert', report, '-f', `${format}=${join(out, `convert.${format}`)}`]));
    for (const format of ['markdown', 'json', 'sh']) {
      const plan = record(`plan ${format}`, await runMain(['plan', report, '-f', `${format}=${join(out, `plan.${format}`)}`]));
      assert.equal(plan.code, 0, plan.stderr);
    }
    // The operator exports the new OAuth secrets; the dry run must still print none of them.
    const script = readFileSync(join(out, 'plan.sh'), 'utf8');
    const secretVars = [...new Set(script.match(/CAMPAIGN_OAUTH_SECRET_[A-Za-z0-9_]+/g) ?? [])];
    assert.ok(secretVars.length > 0, 'the plan names the secret variables');
    const dryRun = spawnSync('sh', [join(out, 'plan.sh')], { encoding: 'utf8', env: { PATH: process.env.PATH, ...Object.fromEntries(secretVars.map((name) => [name, markers.plain(name)])) } });
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /setimsoauth/);
    streams.push(['plan dry run stdout', dryRun.stdout], ['plan dry run stderr', dryRun.stderr]);

    const replay = join(out, 'replay.json');
    record('replay', await runMain(['scan', '--evidence', join(out, 'evidence'), '-f', `json=${replay}`]));
    for (const format of ['table', 'markdown', 'json']) record(`diff ${format}`, await runMain(['diff', join(out, 'dir.json'), report, '-f', format]));
    record('rules', await runMain(['rules']));
    record('demo', await runMain(['demo', '-f', 'json']));

    // A report whose fields hold a marker where they should not: the shape error names the field only.
    const hostile = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> & { hosts: Record<string, unknown>[] };
    (hostile.hosts[0] as Record<string, unknown>).status = markers.plain('statusField');
    const hostileFile = join(input, 'hostile-report.json');
    writeFileSync(hostileFile, JSON.stringify(hostile));
    for (const args of [['plan', hostileFile], ['convert', hostileFile, '-f', 'json'], ['diff', hostileFile, report], ['scan', '--dir', join(input, 'copies'), '--baseline', hostileFile]]) {
      const run = record(args.join(' '), await runMain(args));
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /hosts\[0\]\.status/);
    }
  });

  it('left no marker in any stream or file written', () => {
    assert.ok(streams.length >= 40, `${streams.length} streams captured`);
    for (const [label, text] of streams) assert.equal(markers.leakIn(text), undefined, `${label} leaks`);
    const written = filesUnder(out);
    assert.ok(written.size >= 28, `${written.size} files written`);
    for (const [path, text] of written) {
      assert.equal(markers.leakIn(text), undefined, `${path} leaks`);
      assert.ok(!text.includes(keyBody), `${path} holds the private key`);
    }
    for (const [label, text] of streams) assert.ok(!text.includes(keyBody), `${label} holds the private key`);
  });

  it('the search itself finds a planted leak (so the checks above can fail)', () => {
    assert.notEqual(markers.leakIn(`report: ${markers.all[3]}`), undefined);
    assert.notEqual(markers.leakIn(`partial ${markers.prefix}`), undefined);
  });
});
