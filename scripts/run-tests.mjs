#!/usr/bin/env node
// Runs the test suite with node:test + tsx. On Node 20, `node --test` without file arguments may
// run nothing and still exit 0, so the files are listed here, and a run in which no test ran
// fails. Usage: node scripts/run-tests.mjs [path-prefix ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
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

const scratch = mkdtempSync(join(tmpdir(), 'campaign-audit-tests-'));
const tap = join(scratch, 'results.tap');
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { cwd: root, stdio: 'inherit' },
);
const summary = readFileSync(tap, 'utf8');
rmSync(scratch, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
const [tests, pass, fail, cancelled, skipped] = [count('tests'), count('pass'), count('fail'), count('cancelled'), count('skipped')];
console.log(`run-tests: ${files.length} files, ${tests} tests, ${pass} passed, ${fail} failed, ${cancelled} cancelled, ${skipped} skipped`);
if (pass === 0) {
  console.error('run-tests: no test passed; failing the run');
  process.exit(1);
}
process.exit(run.status ?? 1);
