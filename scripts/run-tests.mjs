#!/usr/bin/env node
// Runs the test suite with node:test + tsx. On Node 20, `node --test` without file arguments may
// run nothing and still exit 0, so the files are listed here, and a run in which no test ran
// fails. Usage: node scripts/run-tests.mjs [path-prefix ...]
//
// The files run in a few shard processes, not one process each: loading tsx and src/ costs a
// process about 1.5 s of CPU, which over 80 files was a third of the suite's CPU time. Each
// shard imports its files statically, so every file's tests and hooks are registered before
// any of them runs; a file's tests still run in the order it declares them. Files are dealt to
// shards by their measured time (WEIGHTS, seconds on a busy 2-core machine; 1 for the rest),
// heaviest first, each to the lightest shard. `CAMPAIGN_AUDIT_TEST_SHARDS=N` changes the count;
// `CAMPAIGN_AUDIT_TEST_SHARDS=0` runs one process per file, as node --test does by default.
// The price of sharing a process: a file that throws while loading, or whose top-level before()
// hook fails, fails its whole shard (loudly: node --test reports the shard file); rerun it alone
// (`node scripts/run-tests.mjs test/that.test.ts`, or with SHARDS=0) to see it in isolation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;

/**
 * How long each heavier file holds its shard on a 2-core machine running three shards (the rest
 * count 1): its wall time alone plus its CPU time, start-up left out, measured one file at a time
 * on an idle machine. A file that mostly waits (timeouts, sshd) holds its shard about as long as
 * alone; one that computes shares the cores with the other shards (and, on a busy machine, with
 * everything else) and takes longer. With half the CPU time instead, the shard of the waiting
 * fleet tests ended 10 to 40 s before the others.
 */
const WEIGHTS = {
  'test/adversarial/fault-fleet.test.ts': 52,
  'test/adversarial/hostile-files.test.ts': 25,
  'test/collect/peak-rss.test.ts': 18,
  'test/ssh/handshake-watch.test.ts': 15,
  'test/ssh/sshd-fleet.test.ts': 15,
  'test/collect/memory-bomb.test.ts': 12,
  'test/cli/input-files.test.ts': 11,
  'test/report/html.test.ts': 11,
  'test/report/html-trend.test.ts': 10,
  'test/ssh/faults.test.ts': 10,
  'test/cli/no-internal-references.test.ts': 9,
  'test/cli/terminal-width.test.ts': 9,
  'test/fuzz/pipeline.test.ts': 9,
  'test/adversarial/secrets.test.ts': 8,
  'test/adversarial/read-only.test.ts': 7,
  'test/cli/yaml-inputs.test.ts': 7,
  'test/fuzz/xml.test.ts': 7,
  'test/package/pack.test.ts': 7,
  'test/fuzz/redact.test.ts': 6,
  'test/ssh/sshd-host-keys.test.ts': 6,
  'test/ssh/sshd-jump.test.ts': 6,
  'test/collect/local.test.ts': 5,
  'test/fuzz/frames.test.ts': 5,
  'test/fuzz/watchdog.test.ts': 5,
  'test/cli/reports.test.ts': 4,
  'test/fuzz/evidence.test.ts': 4,
  'test/cli/demo.test.ts': 3,
  'test/cli/never-silent.test.ts': 3,
  'test/collect/directory.test.ts': 3,
  'test/golden/golden.test.ts': 3,
  'test/package/schema.test.ts': 3,
  'test/report/hostile-report.test.ts': 3,
  'test/ssh/sshd-become.test.ts': 3,
  'test/cli/builds.test.ts': 2,
  'test/cli/help.test.ts': 2,
  'test/cli/scan.test.ts': 2,
  'test/cli/trend.test.ts': 2,
  'test/collect/stream.test.ts': 2,
  'test/fuzz/facts.test.ts': 2,
  'test/fuzz/version.test.ts': 2,
  'test/plan/plan.test.ts': 2,
  'test/report/formats.test.ts': 2,
  'test/report/hosts.test.ts': 2,
  'test/secrets.test.ts': 2,
  'test/ssh/cli-options.test.ts': 2,
  'test/ssh/ssh-config.test.ts': 2,
};

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Longest-processing-time-first: heaviest file to the lightest shard. */
function deal(files, count) {
  const shards = Array.from({ length: count }, () => ({ weight: 0, files: [] }));
  const byWeight = [...files].sort((a, b) => (WEIGHTS[b] ?? 1) - (WEIGHTS[a] ?? 1) || (a < b ? -1 : 1));
  for (const file of byWeight) {
    const lightest = shards.reduce((best, shard) => (shard.weight < best.weight ? shard : best));
    lightest.files.push(file);
    lightest.weight += WEIGHTS[file] ?? 1;
  }
  return shards.filter((shard) => shard.files.length > 0).map((shard) => shard.files.sort());
}

const filters = process.argv.slice(2);
const files = findTests(join(root, 'test'))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.startsWith(filter.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}

const requested = process.env.CAMPAIGN_AUDIT_TEST_SHARDS;
const shardCount = requested !== undefined && /^\d+$/.test(requested) ? Number(requested) : 3;
const scratch = mkdtempSync(join(tmpdir(), 'campaign-audit-tests-'));
let entries = files;
if (shardCount > 0 && files.length > 1) {
  entries = deal(files, Math.min(shardCount, files.length)).map((shard, index) => {
    const entry = join(scratch, `shard-${index + 1}.test.mjs`);
    const imports = shard.map((file) => `import ${JSON.stringify(pathToFileURL(join(root, file)).href)};`);
    // How long the shard ran, printed after its last test: a shard far longer than the others
    // means WEIGHTS is out of date.
    const report = `import { after } from 'node:test';\nafter(() => { const cpu = process.cpuUsage(); process.stderr.write(\`# run-tests: shard ${index + 1} (${shard.length} files) ran \${process.uptime().toFixed(1)} s, \${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU in its own process\\n\`); });`;
    writeFileSync(entry, `// ${shard.length} test files, run in one process by scripts/run-tests.mjs.\n${report}\n${imports.join('\n')}\n`);
    return entry;
  });
}

// The end-to-end tests run the built binary and rebuild it when src/ is newer (ensureBuilt). With
// more than one process, that is done here once, before they start, so that they do not each
// build it at the same time; a single process builds it itself, when a test needs it.
if (entries.length > 1) {
  const built = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "(await import('./test/helpers/cli-process.ts')).ensureBuilt()"], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('run-tests: building the binary failed');
    process.exit(1);
  }
}

const tap = join(scratch, 'results.tap');
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${Math.max(2, entries === files ? 2 : entries.length)}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...entries],
  { cwd: root, stdio: 'inherit' },
);
const summary = readFileSync(tap, 'utf8');
rmSync(scratch, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
const [tests, pass, fail, cancelled, skipped] = [count('tests'), count('pass'), count('fail'), count('cancelled'), count('skipped')];
const shape = entries === files ? `${files.length} files` : `${files.length} files in ${entries.length} processes`;
console.log(`run-tests: ${shape}, ${tests} tests, ${pass} passed, ${fail} failed, ${cancelled} cancelled, ${skipped} skipped`);
if (pass === 0) {
  console.error('run-tests: no test passed; failing the run');
  process.exit(1);
}
process.exit(run.status ?? 1);
