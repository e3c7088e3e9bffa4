#!/usr/bin/env node
// `npm run demo`: builds the CLI first when dist/ is missing or older than src/ (a fresh clone
// has no dist/, and `npm install` no longer builds: no prepare script), then runs
// `campaign-audit demo` with any extra arguments (`npm run demo -- -f json`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir) {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (mtime(join(root, 'dist', 'bundle', 'campaign-audit.js')) < newest(join(root, 'src'))) {
  process.stderr.write('demo: building the CLI first (npm run build)\n');
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 2);
}
const run = spawnSync(process.execPath, [join(root, 'bin', 'campaign-audit.js'), 'demo', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 2);
