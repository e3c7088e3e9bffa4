import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { DiffResult } from '../../src/history/diff.js';
import type { ScanResult } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-reports-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const json = async (argv: string[]): Promise<{ code: number; result: ScanResult; stderr: string }> => {
  const run = await runCli([...argv, '-f', 'json', '--as-of', '2026-11-27']);
  return { code: run.code, result: JSON.parse(run.stdout) as ScanResult, stderr: run.stderr };
};

describe('waivers', () => {
  const waivers = file(
    'waivers.yaml',
    `waivers:
  - ruleId: jwt/credential-present
    host: mkt-prod-1
    instance: prod
    reason: "Instance decommissioned in January; change CHG-1234"
    expires: 2027-01-31
  - ruleId: build/unknown
    host: mkt-unknown-1
    reason: expired exception
    expires: 2026-01-01
  - ruleId: secrets/plaintext
    host: no-such-host
    reason: typo in the host name
    expires: 2027-06-30
`,
  );

  it('keeps waived findings in the report, marked, out of the counts and the gate', async () => {
    const { result, stderr } = await json(['scan', '--dir', DEMO_DIR, '--waivers', waivers]);
    const waived = result.findings.filter((finding) => finding.waived);
    assert.deepEqual(waived.map((finding) => [finding.ruleId, finding.host, finding.waiverReason]), [['jwt/credential-present', 'mkt-prod-1', 'Instance decommissioned in January; change CHG-1234']]);
    assert.equal(result.summary.waived, 1);
    assert.equal(result.summary.findings.critical, 4);
    assert.equal(result.waivers?.applied.length, 1);
    assert.deepEqual(result.waivers?.expired.map((waiver) => waiver.ruleId), ['build/unknown']);
    assert.deepEqual(result.waivers?.unmatched.map((waiver) => waiver.host), ['no-such-host']);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'build/unknown' && !finding.waived), 'expired waiver no longer applies');
    assert.match(stderr, /waiver expired on 2026-01-01 and no longer applies: build\/unknown on mkt-unknown-1/);
    assert.match(stderr, /waiver matches no finding: secrets\/plaintext on no-such-host/);
  });

  it('holds through the end of its expiry day', async () => {
    const run = await runCli(['scan', '--dir', DEMO_DIR, '--waivers', waivers, '-f', 'json', '--as-of', '2027-01-31', '-q']);
    assert.equal((JSON.parse(run.stdout) as ScanResult).summary.waived, 1);
    const later = await runCli(['scan', '--dir', DEMO_DIR, '--waivers', waivers, '-f', 'json', '--as-of', '2027-02-01', '-q']);
    assert.equal((JSON.parse(later.stdout) as ScanResult).summary.waived, 0);
  });

  it('matches by fingerprint, and a waiver can turn a failing gate into a pass', async () => {
    const { result } = await json(['scan', '--dir', DEMO_DIR, '--fail-on', 'info']);
    const entries = result.findings.map((finding) => `  - fingerprint: ${finding.fingerprint}\n    reason: accepted risk\n    expires: 2027-12-31\n`).join('');
    const all = file('all.yaml', `waivers:\n${entries}`);
    const run = await json(['scan', '--dir', DEMO_DIR, '--fail-on', 'info', '--waivers', all]);
    assert.equal(run.code, 0);
    assert.equal(run.result.summary.verdict, 'pass');
    assert.equal(run.result.summary.waived, result.findings.length);
  });

  const bad: [string, string, RegExp][] = [
    ['no reason', 'waivers:\n  - ruleId: build/unknown\n    host: a\n    expires: 2027-01-01\n', /line 2: waivers\[0\]\.reason is missing\n$/],
    ['no expiry', 'waivers:\n  - ruleId: build/unknown\n    host: a\n    reason: x\n', /line 2: waivers\[0\]\.expires is missing\n$/],
    ['a bad date', 'waivers:\n  - fingerprint: abc\n    reason: x\n    expires: 31/01/2027\n', /line 4: waivers\[0\]\.expires must be a date YYYY-MM-DD \(UTC\)\n$/],
    ['an unknown rule', 'waivers:\n  - ruleId: jwt/nope\n    host: a\n    reason: x\n    expires: 2027-01-01\n', /line 2: waivers\[0\]\.ruleId is not a known rule id\n$/],
    ['no selector', 'waivers:\n  - reason: x\n    expires: 2027-01-01\n', /needs a "fingerprint", or a "ruleId" and a "host"/],
    ['broken YAML', 'waivers:\n  - ruleId: [a\n', /line \d+: /],
    ['an unknown key', 'waivers:\n  - fingerprint: a\n    reason: x\n    expires: 2027-01-01\n    expiry: 2027-01-01\n', /line 5: waivers\[0\]\.expiry is not a known key\n$/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects a waivers file with ${what} before scanning (exit 2)`, async () => {
      const run = await runCli(['scan', '--dir', DEMO_DIR, '--waivers', file(`bad-${what.replace(/\W/g, '')}.yaml`, text)]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    });
  }
});

describe('baseline', () => {
  it('gates only on findings absent from the old report', async () => {
    const old = join(scratch, 'baseline.json');
    await runCli(['demo', '-f', `json=${old}`, '-q']);
    const { code, result } = await json(['scan', '--dir', DEMO_DIR, '--baseline', old]);
    assert.equal(code, 0);
    assert.equal(result.summary.verdict, 'pass');
    assert.equal(result.summary.baselined, result.findings.length);
    assert.ok(result.findings.every((finding) => finding.baseline === true));

    const partial = JSON.parse(readFileSync(old, 'utf8')) as ScanResult;
    partial.findings = partial.findings.filter((finding) => finding.ruleId !== 'jwt/credential-present');
    const gated = await json(['scan', '--dir', DEMO_DIR, '--baseline', file('partial.json', JSON.stringify(partial))]);
    assert.equal(gated.code, 1);
    assert.deepEqual([...new Set(gated.result.findings.filter((finding) => finding.baseline === false).map((finding) => finding.ruleId))], ['jwt/credential-present']);
  });
});

describe('policy file', () => {
  it('sets thresholds, severities and signatures; flags win over it', async () => {
    const policy = file('policy.yaml', 'cutoff: 2026-03-01\nminVersion: 7.4.2\nfailOn: critical\nseverities:\n  operators/native-api-enabled: low\n');
    const { result, code } = await json(['scan', '--dir', DEMO_DIR, '--policy', policy]);
    assert.deepEqual(result.policy, { cutoff: '2026-03-01', minVersion: '7.4.2', minBuild: 9390, failOn: 'critical' });
    assert.equal(code, 1);
    assert.ok(result.findings.filter((finding) => finding.ruleId === 'operators/native-api-enabled').every((finding) => finding.severity === 'low'));
    assert.ok(result.findings.some((finding) => finding.ruleId === 'build/below-minimum' && finding.host === 'mkt-prod-2'), '7.4.1 is below 7.4.2');
    const overridden = await json(['scan', '--dir', DEMO_DIR, '--policy', policy, '--fail-on', 'none', '--cutoff', '2025-01-27']);
    assert.deepEqual([overridden.result.policy.failOn, overridden.result.policy.cutoff, overridden.code], ['none', '2025-01-27', 0]);
  });

  it('lets the secret list be extended', async () => {
    const policy = file('secrets.yaml', 'signatures:\n  secrets:\n    - { element: dbcnx, attribute: login }\n');
    const { result } = await json(['scan', '--dir', DEMO_DIR, '--policy', policy]);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'secrets/plaintext' && finding.path?.endsWith('/dbcnx/@login')));
    assert.ok(!result.findings.some((finding) => finding.path?.endsWith('/dbcnx/@password')), 'the list was replaced');
  });

  it('rejects unknown keys and rules with the line', async () => {
    const run = await runCli(['demo', '--policy', file('bad-policy.yaml', 'cutoff: 2025-01-27\nseverities:\n  jwt/typo: high\n')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^campaign-audit: --policy \S+bad-policy\.yaml line 3: severities\.jwt\/typo is not a known rule id\n$/);
  });
});

describe('convert, plan and diff', () => {
  it('converts a saved report to every format', async () => {
    const report = join(scratch, 'saved.json');
    await runCli(['demo', '-f', `json=${report}`, '-q', '--as-of', '2026-11-27']);
    const saved = (): ScanResult => JSON.parse(readFileSync(report, 'utf8')) as ScanResult;
    for (const format of ['csv', 'markdown', 'html', 'sarif', 'junit', 'table', 'json']) {
      const run = await runCli(['convert', report, '-f', format]);
      assert.equal(run.code, 0, `${format}: ${run.stderr}`);
      assert.ok(run.stdout.length > 200, format);
    }
    const run = await runCli(['convert', report, '-f', `html=${join(scratch, 'out.html')}`, '-f', `sarif=${join(scratch, 'out.sarif')}`]);
    assert.equal(run.code, 0);
    assert.match(readFileSync(join(scratch, 'out.html'), 'utf8'), /^<!DOCTYPE html>/);
    for (const [broken, field] of [
      [{ ...JSON.parse(readFileSync(report, 'utf8')), summary: null }, /: summary is not an object\n$/],
      [{ ...JSON.parse(readFileSync(report, 'utf8')), hosts: [{ name: 'a' }] }, /: hosts\[0\]\.address is missing \(and \d+ more problems\)\n$/],
      [{ ...JSON.parse(readFileSync(report, 'utf8')), findings: [{ ruleId: 'jwt/credential-present', severity: 'severe' }] }, /: findings\[0\]\.severity is not one of/],
      [{ ...saved(), findings: [{ ...saved().findings[0], ruleId: 'jwt/nope' }] }, /: findings\[0\]\.ruleId is not a known rule id\n$/],
      [{ ...saved(), findings: [{ ...saved().findings[0], data: { days: { $gt: 1 } } }] }, /: findings\[0\]\.data\.days is not text or a number\n$/],
      [{ ...saved(), findings: [{ ...saved().findings[0], messageId: 7 }] }, /: findings\[0\]\.messageId is not text\n$/],
    ] as const) {
      const path = file('broken-report.json', JSON.stringify(broken));
      for (const argv of [['convert', path, '-f', 'html'], ['plan', path], ['diff', path, report], ['scan', '--dir', DEMO_DIR, '--baseline', path]]) {
        const run = await runCli(argv);
        assert.equal(run.code, 2, `${argv[0]}: ${run.stderr}`);
        assert.match(run.stderr, field);
        assert.equal(run.stderr.trim().split('\n').length, 1);
      }
    }
    const missing = await runCli(['convert', report]);
    assert.equal(missing.code, 2);
    const notReport = await runCli(['convert', join(DEMO_DIR, 'mkt-prod-1', 'pdump.txt'), '-f', 'csv']);
    assert.equal(notReport.code, 2);
    assert.match(notReport.stderr, /not valid JSON/);
  });

  it('reads reports written before findings carried messageId and data', async () => {
    const report = join(scratch, 'with-ids.json');
    await runCli(['demo', '-f', `json=${report}`, '-q', '--as-of', '2026-11-27']);
    const current = JSON.parse(readFileSync(report, 'utf8')) as ScanResult;
    assert.ok(current.findings.length > 0 && current.findings.every((finding) => typeof finding.messageId === 'string' && typeof finding.data === 'object'));
    const old = file('old-report.json', JSON.stringify({ ...current, findings: current.findings.map(({ messageId: _id, data: _data, ...rest }) => rest) }));
    for (const argv of [['convert', old, '-f', 'sarif'], ['plan', old], ['diff', old, report, '-f', 'json'], ['scan', '--dir', DEMO_DIR, '--baseline', old, '-f', 'json', '-q']]) {
      const run = await runCli(argv);
      assert.ok(run.code === 0 || (argv[0] === 'scan' && run.code === 1), `${argv[0]}: ${run.code} ${run.stderr}`);
    }
    const diff = JSON.parse((await runCli(['diff', old, report, '-f', 'json'])).stdout) as DiffResult;
    assert.equal(diff.unchanged.length, current.findings.length, 'fingerprints do not depend on messageId or data');
  });

  it('writes the plan in markdown, json and sh', async () => {
    const report = join(scratch, 'plan-source.json');
    await runCli(['demo', '-f', `json=${report}`, '-q', '--as-of', '2026-11-27']);
    assert.match((await runCli(['plan', report])).stdout, /^# Migration plan/);
    assert.equal((JSON.parse((await runCli(['plan', report, '-f', 'json'])).stdout) as { schemaVersion: number }).schemaVersion, 1);
    const script = join(scratch, 'plan.sh');
    assert.equal((await runCli(['plan', report, '-f', `sh=${script}`])).code, 0);
    assert.match(readFileSync(script, 'utf8'), /^#!\/bin\/sh/);
    assert.equal((await runCli(['plan', report, '-f', 'pdf'])).code, 2);
  });

  it('diffs two reports: new, resolved, unchanged and host changes', async () => {
    const before = join(scratch, 'before.json');
    await runCli(['demo', '-f', `json=${before}`, '-q', '--as-of', '2026-11-27']);
    const after = JSON.parse(readFileSync(before, 'utf8')) as ScanResult;
    const prod1 = after.hosts.find((host) => host.name === 'mkt-prod-1')!;
    prod1.build = 9400;
    prod1.instances = [{ name: 'prod', credential: 'oauth', file: 'conf/config-prod.xml' }];
    const resolved = after.findings.filter((finding) => finding.host === 'mkt-prod-1');
    after.findings = after.findings.filter((finding) => finding.host !== 'mkt-prod-1');
    after.findings.push({ ...resolved[0]!, host: 'mkt-prod-9', fingerprint: 'feedfacefeedface' });
    const afterPath = file('after.json', JSON.stringify(after));
    const run = await runCli(['diff', before, afterPath, '-f', 'json']);
    assert.equal(run.code, 0);
    const diff = JSON.parse(run.stdout) as DiffResult;
    assert.deepEqual(Object.keys(diff), ['new', 'resolved', 'unchanged', 'hostChanges']);
    assert.deepEqual(diff.new.map((finding) => finding.fingerprint), ['feedfacefeedface']);
    assert.equal(diff.resolved.length, resolved.length);
    assert.equal(diff.unchanged.length, after.findings.length - 1);
    assert.deepEqual(diff.hostChanges.map((change) => [change.host, change.change, change.details]), [['mkt-prod-1', 'changed', 'build 9368 → 9400; prod: jwt → oauth']]);
    assert.match((await runCli(['diff', before, afterPath])).stdout, /1 new, 4 resolved/);
    assert.match((await runCli(['diff', before, afterPath, '-f', 'markdown'])).stdout, /^# Campaign audit: changes/);
  });
});

describe('untrusted text in input errors', () => {
  // Control characters (C0 but newline, DEL, C1) and the bidi controls: none may reach stderr.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
  const assertOnePrintableLine = (run: { code: number; stderr: string }, expected: RegExp, value: string): void => {
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr.split('\n').length, 2, 'one line');
    assert.doesNotMatch(run.stderr.slice(0, -1), CONTROL);
    assert.ok(!run.stderr.includes(value), 'the value is not quoted');
    assert.match(run.stderr, expected);
  };

  it('a report whose finding data key holds ESC, BEL and a newline: one printable line, the value not quoted', async () => {
    const report = join(scratch, 'data-key-source.json');
    await runCli(['demo', '-f', `json=${report}`, '-q', '--as-of', '2026-11-27']);
    const saved = JSON.parse(readFileSync(report, 'utf8')) as ScanResult;
    const value = 'VALUE-7f3a9c';
    const key = '\u001b]0;owned\u0007\u001b[2J\nforged line';
    const broken = file('data-key.json', JSON.stringify({ ...saved, findings: [{ ...saved.findings[0], data: { [key]: { $where: value } } }] }));
    for (const argv of [['convert', broken, '-f', 'csv'], ['plan', broken], ['scan', '--dir', DEMO_DIR, '--baseline', broken]]) {
      assertOnePrintableLine(await runCli(argv), /: findings\[0\]\.data\.\?\]0;owned\?\?\[2J\?forged line is not text or a number\n$/, value);
    }
  });

  it('a waiver whose ruleId holds escape sequences: named by position, the value not quoted', async () => {
    const value = 'jwt/\u001b[31mnope\u0007\u009b2J';
    const waivers = file('escape-rule.yaml', `waivers:\n  - ruleId: ${JSON.stringify(value)}\n    host: a\n    reason: x\n    expires: 2027-01-01\n`);
    assertOnePrintableLine(await runCli(['scan', '--dir', DEMO_DIR, '--waivers', waivers]), /^campaign-audit: --waivers \S+escape-rule\.yaml line 2: waivers\[0\]\.ruleId is not a known rule id\n$/, 'nope');
  });

  it('a file name holding control characters is printed printable', async () => {
    const waivers = file('bad\u001b[31m\nname.yaml', 'waivers:\n  - reason: x\n    expires: 2027-01-01\n');
    assertOnePrintableLine(await runCli(['scan', '--dir', DEMO_DIR, '--waivers', waivers]), /bad\?\[31m\?name\.yaml line 2: waivers\[0\] needs a "fingerprint", or a "ruleId" and a "host" \(for fleet\/instance-drift: a "ruleId" and an "instance"\)\n$/, '\u001b');
  });
});

describe('every error message is one printable line (the one place errors are printed)', () => {
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
  const HOSTILE = 'x\u001b]0;owned\u0007\u001b[2J\u202e\nforged';
  // Paths outside the input-file adapter: a folder, a file, a directory to write to, a flag value
  // (commander's own message), each named from outside and holding ESC, BEL, RLO and a newline.
  const cases: [string, () => string[]][] = [
    ['--dir of a missing folder', () => ['scan', '--dir', join(scratch, HOSTILE)]],
    ['trend of a folder without reports', () => ['trend', join(scratch, HOSTILE)]],
    ['--ssh-config of a missing file', () => ['scan', '--ssh-config', join(scratch, HOSTILE), 'h1']],
    ['a bad --as-of value (commander)', () => ['demo', '--as-of', HOSTILE]],
    ['an unknown option (commander)', () => ['demo', `--${HOSTILE}`]],
  ];
  for (const [what, argv] of cases) {
    it(what, async () => {
      const run = await runCli(argv());
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.split('\n').length, 2, `one line: ${JSON.stringify(run.stderr)}`);
      assert.doesNotMatch(run.stderr.slice(0, -1), CONTROL);
    });
  }
});

describe('reports past 64 MiB', () => {
  it('a report the tool wrote is read back by convert, diff, trend and --baseline whatever its size under the string limit', async () => {
    // 70 findings of 1 MB messages: a 70 MiB report (the cap was 64 MiB; a scan of 200 hosts at the
    // instance bound writes about that much).
    const source = join(scratch, 'big-source.json');
    await runCli(['demo', '-q', '--as-of', '2026-11-27', '-f', `json=${source}`]);
    const saved = JSON.parse(readFileSync(source, 'utf8')) as ScanResult;
    const [first] = saved.findings;
    assert.ok(first !== undefined);
    const findings = Array.from({ length: 70 }, (_, n) => ({ ...first, fingerprint: `${first.fingerprint}-${n}`, message: 'm'.repeat(1024 * 1024) }));
    const big = file('big.json', JSON.stringify({ ...saved, findings }));
    assert.ok(readFileSync(big).length > 64 * 1024 * 1024);
    for (const argv of [['convert', big, '-f', 'csv=/dev/null'], ['diff', big, big, '-f', 'json=/dev/null'], ['trend', big, '-f', 'json=/dev/null'], ['scan', '--dir', DEMO_DIR, '-q', '--fail-on', 'none', '--baseline', big, '-f', 'json=/dev/null']]) {
      const run = await runCli(argv);
      assert.equal(run.code, 0, `${argv[0]}: ${run.stderr}`);
    }
  });
});
