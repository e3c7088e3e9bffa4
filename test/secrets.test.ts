// No secret value may appear in any report, log, error message or evidence file: only sha256
// fingerprints (docs/security.md#1-no-secret-leaves-the-tool). The fixtures plant known LEAKCHECK-
// values everywhere Campaign keeps secrets; every reporter in the registry is exercised, so a new
// format is covered the day it is added.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRedactor } from '../src/collect/redact.js';
import { redactContent } from '../src/collect/snapshot.js';
import type { ScanResult } from '../src/model.js';
import { reporters } from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { FINGERPRINTS, fingerprintSecret } from './helpers/fixtures.js';

const FIXTURES = new URL('../fixtures/secrets', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'ca-secrets-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function assertNoSecret(where: string, text: string): void {
  const leak = /LEAKCHECK-[\w-]*/.exec(text);
  assert.equal(leak, null, `${where} leaks ${leak?.[0]}`);
}

describe('secrets never leave the collector', () => {
  it('appear in no report format, evidence file or progress line', async () => {
    const evidence = join(scratch, 'evidence');
    const formats = Object.keys(reporters).filter((format) => format !== 'table');
    const run = await runCli(['scan', '--dir', FIXTURES, '--save-evidence', evidence, ...formats.flatMap((format) => ['-f', `${format}=${join(scratch, `report.${format}`)}`]), '-f', 'table']);
    assert.equal(run.code, 1);
    assertNoSecret('stdout', run.stdout);
    assertNoSecret('stderr', run.stderr);
    for (const format of formats) assertNoSecret(format, readFileSync(join(scratch, `report.${format}`), 'utf8'));
    const evidenceFiles = readdirSync(evidence);
    assert.equal(evidenceFiles.length, 2);
    for (const name of evidenceFiles) assertNoSecret(`evidence ${name}`, readFileSync(join(evidence, name), 'utf8'));

    // The secrets were seen: their fingerprints are reported instead.
    const result = JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8')) as ScanResult;
    const plaintext = result.findings.filter((finding) => finding.ruleId === 'secrets/plaintext');
    for (const secret of ['LEAKCHECK-ta-client-secret', 'LEAKCHECK-db-password-serverconf', 'LEAKCHECK-pipelined-plaintext-key', 'LEAKCHECK-MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-private-key']) {
      assert.ok(plaintext.some((finding) => finding.message.includes(fingerprintSecret(secret))), `fingerprint of ${secret} reported`);
    }
    assert.ok(result.findings.some((finding) => finding.ruleId === 'config/unreadable' && finding.host === 'mkt-secret-2'), 'DOCTYPE file reported');
    assert.ok(result.findings.some((finding) => finding.ruleId === 'config/unreadable' && finding.file === 'conf/config-stage.xml'), 'malformed file reported');
  });

  it('stay redacted when a policy narrows or renames the secret list', async () => {
    const policy = join(scratch, 'narrow-policy.yaml');
    writeFileSync(policy, 'signatures:\n  privateKey: someOtherName\n  clientSecret: yetAnotherName\n  secrets:\n    - { element: dbcnx, attribute: login }\n');
    const evidence = join(scratch, 'evidence-narrow');
    const run = await runCli(['scan', '--dir', FIXTURES, '--policy', policy, '--save-evidence', evidence, '-f', 'json', '-q']);
    assertNoSecret('stdout', run.stdout);
    for (const name of readdirSync(evidence)) assertNoSecret(`evidence ${name}`, readFileSync(join(evidence, name), 'utf8'));
  });

  it('never keep a file whose parsed form would still hold a secret', () => {
    const leaky = createRedactor([], FINGERPRINTS);
    const noRedaction = Object.assign((xml: string) => xml, { names: new Set(['authimstaprivatekey']), fingerprints: FINGERPRINTS });
    assert.equal(leaky.names.size, 0);
    assert.deepEqual(redactContent('<serverconf><shared><ims authIMSTAPrivateKey="LEAKCHECK-x"/></shared></serverconf>', noRedaction), { error: 'a secret attribute could not be redacted; the content is withheld' });
  });

  it('appear in no replayed report either', async () => {
    const evidence = join(scratch, 'evidence-2');
    await runCli(['scan', '--dir', FIXTURES, '--save-evidence', evidence, '-q', '-f', 'json']);
    const replay = await runCli(['scan', '--evidence', evidence, '-f', 'json']);
    assertNoSecret('replayed json', replay.stdout);
    assert.ok((JSON.parse(replay.stdout) as ScanResult).findings.length > 0);
  });

  it('appear in no error message, even when a secret file is passed by mistake', async () => {
    const keyFile = join(scratch, 'private.key.json');
    writeFileSync(keyFile, 'LEAKCHECK-KEY-MATERIAL-AT-THE-START-OF-THE-FILE');
    const run = await runCli(['scan', '--evidence', keyFile]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not valid JSON/);
    assertNoSecret('stderr', run.stderr);
  });
});
