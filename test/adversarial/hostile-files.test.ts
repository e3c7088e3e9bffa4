// Hostile files (issue "Hostile input and faults", part 3). Each case of hostile-cases.ts must end
// in a bounded, clear config/unreadable finding (or, where the file is harmless, a normal
// result) within the command timeout, with the CLI's peak memory bounded; nothing may run or be
// created on the host, and the healthy hosts' results must equal those of a scan without the
// hostile ones. Every case goes through the real CLI binary: one scan of a real-sshd fleet, one
// --dir scan, and one --local run per case. The reports of the fleet scan are then rendered in
// every text format and as a plan script, which must neither inject nor drive a terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { renderMarkdown } from '../helpers/markdown.js';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, ROOT, runBinary, runBinaryMeasured, type CliRun } from '../helpers/cli-process.js';
import { writeFleetInventory } from '../helpers/inventory.js';
import { sshdSkip, startFleet, type SshdFleet } from '../helpers/sshd.js';
import { treeState } from '../helpers/tree-state.js';
import { CASES, checkCase, findPwned, fleetSpec, HEALTHY, layOut, PWNED } from './hostile-cases.js';

const COMMAND_TIMEOUT = 20;
/** Generous: the 200 MiB file is capped at 5 MiB on the server; a scan needs ~100 MB. */
const MAX_RSS_KIB = 250 * 1024;
const COMMON = ['--format', 'json', '--as-of', '2026-01-15', '--command-timeout', String(COMMAND_TIMEOUT)];
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

let scratch: string;
before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ca-hostile-'));
  ensureBuilt();
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The real binary with a test-only preload that records its peak RSS (KiB). */
async function scanMeasured(label: string, args: readonly string[]): Promise<CliRun & { report: ScanResult; maxRssKib: number }> {
  const run = await runBinaryMeasured(['scan', ...args, ...COMMON]);
  assert.equal(run.code, 1, `${label}: the JWT hosts fail the gate, nothing else (exit ${run.code}): ${run.stderr}`);
  assert.ok(run.ms < COMMAND_TIMEOUT * 1000, `${label}: took ${run.ms} ms, over the command timeout`);
  assert.doesNotMatch(run.stderr, TERMINAL_CONTROL, `${label}: progress on stderr is printable`);
  const { maxRssKib } = run;
  assert.ok(maxRssKib > 0 && maxRssKib < MAX_RSS_KIB, `${label}: peak RSS ${Math.round(maxRssKib / 1024)} MiB`);
  return { ...run, report: JSON.parse(run.stdout) as ScanResult, maxRssKib };
}

/** The healthy hosts' entries and findings, to compare with a scan of them alone. */
function healthyPart(report: ScanResult): unknown {
  const names = new Set(HEALTHY.map((host) => host.name));
  return { hosts: report.hosts.filter((host) => names.has(host.name)), findings: report.findings.filter((finding) => names.has(finding.host)) };
}

function mib(kib: number): string {
  return `${Math.round(kib / 1024)} MiB`;
}

describe('hostile files through a real sshd fleet', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let knownHosts: string;
  let report: ScanResult;
  let reportFile: string;
  const names = [...CASES.map((hostileCase) => hostileCase.name), ...HEALTHY.map((host) => host.name)];

  before(async () => {
    fleet = await startFleet({ hosts: [...CASES.map(fleetSpec), ...HEALTHY.map(fleetSpec)] });
    knownHosts = join(fleet.dir, 'known_hosts');
    await writeFile(knownHosts, `${fleet.knownHostsLine()}\n`);
  });
  after(async () => {
    await fleet?.stop();
  });

  const inventory = async (file: string, indexes: readonly number[]): Promise<string[]> => {
    const path = join(fleet.dir, file);
    await writeFleetInventory(path, fleet, indexes.map((index) => ({ host: fleet.hosts[index]!, name: names[index]! })));
    return ['-i', path, '--known-hosts', knownHosts, '--ssh-config', 'none'];
  };

  it('scans every hostile host in one run: a clear finding each, bounded time and memory, nothing run or created', async (t) => {
    const homes = join(fleet.dir, 'home');
    const before = treeState(homes);
    const run = await scanMeasured('ssh', await inventory('all.yaml', names.map((_, index) => index)));
    report = run.report;
    reportFile = join(scratch, 'ssh-report.json');
    await writeFile(reportFile, run.stdout);
    t.diagnostic(`sshd fleet: ${CASES.length} hostile + ${HEALTHY.length} healthy hosts in ${run.ms} ms, peak RSS ${mib(run.maxRssKib)}`);
    for (const hostileCase of CASES) t.diagnostic(`  ${hostileCase.name}: ${checkCase(report, hostileCase.name, hostileCase)}`);
    assert.deepEqual(treeState(homes), before, 'no file on the hosts was created, removed or changed');
    assert.deepEqual(await findPwned(fleet.dir), []);
    for (const name of PWNED) assert.equal(existsSync(join(ROOT, name)), false, `no ${name} where the CLI ran`);
  });

  it('leaves the healthy hosts as a scan of them alone sees them', async () => {
    assert.ok(report, 'the fleet scan ran');
    const alone = await scanMeasured('ssh-healthy', await inventory('healthy.yaml', HEALTHY.map((_, index) => CASES.length + index)));
    assert.equal(alone.report.hosts.length, HEALTHY.length);
    assert.deepEqual(healthyPart(report), healthyPart(alone.report));
  });

  it('renders the hostile names safely in table, Markdown, HTML, CSV, JUnit and SARIF', async () => {
    assert.ok(reportFile, 'the fleet scan ran');
    // One convert writes every format, as a user would: --format FMT=FILE, repeated.
    const formats = ['table', 'markdown', 'html', 'csv', 'junit', 'sarif'] as const;
    const run = await runBinary(['convert', reportFile, ...formats.flatMap((format) => ['--format', `${format}=${join(scratch, `converted.${format}`)}`])]);
    assert.equal(run.code, 0, run.stderr);
    const rendered = new Map(await Promise.all(formats.map(async (format) => [format, await readFile(join(scratch, `converted.${format}`), 'utf8')] as const)));
    const convert = (format: (typeof formats)[number]): string => rendered.get(format) ?? assert.fail(`${format} not written`);
    const table = convert('table');
    assert.doesNotMatch(table, TERMINAL_CONTROL, 'table: no control or bidi character');
    assert.match(table, /nl\?FAKE/);
    assert.doesNotMatch(table, /^\W*FAKE/m, 'table: a newline in a name forges no line');
    const markdown = convert('markdown');
    assert.doesNotMatch(markdown, TERMINAL_CONTROL);
    assert.match(markdown, /&lt;img src=x onerror=alert\(1\)&gt;/);
    // Inside a code span `<img …>` is the file name as it is, shown as text: judge what a viewer renders.
    assert.doesNotMatch(renderMarkdown(markdown), /<img/, 'markdown: no image element from a name');
    assert.doesNotMatch(markdown, /^FAKE/m, 'markdown: a newline in a name forges no line');
    const html = convert('html');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(html, /<img/);
    const csv = convert('csv');
    assert.match(csv, /,'=HYPERLINK\(1\),/, 'csv: the formula is neutralised');
    assert.doesNotMatch(csv, /,=HYPERLINK/);
    assert.doesNotMatch(csv.replace(/\r\n/g, '\n'), TERMINAL_CONTROL, 'csv: CRLF row ends only');
    assert.equal(XMLValidator.validate(convert('junit')), true, 'junit: well-formed XML whatever the names hold');
    const sarif = JSON.parse(convert('sarif')) as { runs: { results: unknown[] }[] };
    assert.equal(sarif.runs[0]?.results.length, JSON.parse(await readFile(reportFile, 'utf8')).findings.length);
  });

  it('writes a plan script that passes sh -n and whose dry run runs nothing', async () => {
    assert.ok(reportFile, 'the fleet scan ran');
    const plan = await runBinary(['plan', reportFile, '--format', 'sh']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.doesNotMatch(plan.stdout, TERMINAL_CONTROL);
    const script = join(scratch, 'plan.sh');
    await writeFile(script, plan.stdout);
    for (const shell of ['dash', 'bash']) assert.equal(spawnSync(shell, ['-n', script]).status, 0, `${shell} -n`);
    const workdir = await mkdtemp(join(scratch, 'plan-run-'));
    const sshLog = join(workdir, 'ssh.log');
    const fakeSsh = join(workdir, 'fake-ssh');
    await writeFile(fakeSsh, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${sshLog}'\n`);
    await chmod(fakeSsh, 0o755);
    const dryRun = spawnSync('sh', [script], { cwd: workdir, encoding: 'utf8', env: { PATH: process.env.PATH, CAMPAIGN_AUDIT_SSH: fakeSsh } });
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /instance \$\(touch PWNED\): its name holds characters unsafe in a command line/);
    assert.doesNotMatch(dryRun.stdout, TERMINAL_CONTROL);
    assert.equal(existsSync(sshLog), false, 'the dry run called no ssh');
    assert.deepEqual(await findPwned(workdir), []);
  });
});

describe('hostile files through --dir and --local', () => {
  let root: string;
  before(async () => {
    root = join(scratch, 'dir');
    for (const entry of [...CASES, ...HEALTHY]) await layOut(join(root, entry.name), entry);
  });

  it('--dir: a clear finding per case in one scan, bounded memory, healthy hosts unaffected', async (t) => {
    const before = treeState(root);
    const run = await scanMeasured('dir', ['--dir', root]);
    t.diagnostic(`--dir: ${CASES.length + HEALTHY.length} hosts in ${run.ms} ms, peak RSS ${mib(run.maxRssKib)}`);
    for (const hostileCase of CASES) t.diagnostic(`  ${hostileCase.name}: ${checkCase(run.report, hostileCase.name, hostileCase)}`);
    assert.deepEqual(treeState(root), before);

    const healthyRoot = join(scratch, 'dir-healthy');
    for (const entry of HEALTHY) await layOut(join(healthyRoot, entry.name), entry);
    const alone = await scanMeasured('dir-healthy', ['--dir', healthyRoot]);
    assert.deepEqual(healthyPart(run.report), healthyPart(alone.report));
  });

  it('--local: each case alone, with the same collector script as SSH', async (t) => {
    for (const hostileCase of CASES) {
      const installDir = join(root, hostileCase.name);
      const before = treeState(installDir);
      const run = await scanMeasured(`local-${hostileCase.name}`, ['--local', '--install-dir', installDir]);
      const [host] = run.report.hosts;
      assert.ok(host);
      t.diagnostic(`--local ${hostileCase.name} (${run.ms} ms, peak RSS ${mib(run.maxRssKib)}): ${checkCase(run.report, host.name, hostileCase)}`);
      assert.deepEqual(treeState(installDir), before, hostileCase.name);
    }
    assert.deepEqual(await findPwned(scratch), []);
    for (const name of PWNED) assert.equal(existsSync(join(ROOT, name)), false, `no ${name} where the CLI ran`);
  });
});
