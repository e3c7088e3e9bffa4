// The published package: `npm pack` holds only what runs, dependencies are either bundled or
// listed (never both), and the packed tarball installed into an empty folder runs the demo
// without the repository.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';

interface PackInfo {
  filename: string;
  entryCount: number;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Generous, load-independent budgets: npm on a busy 2-core machine can take a while.
const BUDGET = 240_000;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: BUDGET, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; license: string; scripts: Record<string, string> };

describe('npm pack', { timeout: 3 * BUDGET }, () => {
  let scratch = '';
  let pack: PackInfo;
  let paths: string[] = [];

  before(() => {
    ensureBuilt();
    scratch = mkdtempSync(join(tmpdir(), 'campaign-audit-pack-'));
    // The build is fresh (ensureBuilt); --ignore-scripts skips prepack's second build.
    const packed = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    pack = (JSON.parse(packed.stdout) as PackInfo[])[0]!;
    paths = pack.files.map((file) => file.path);
  });

  after(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('holds only what runs: the bundle, bin, docs, demo fixtures, LICENSE, README', () => {
    for (const path of paths) {
      assert.ok(/^(bin\/|dist\/bundle\/|docs\/|fixtures\/demo\/|LICENSE$|README\.md$|package\.json$)/.test(path), `unexpected entry ${path}`);
      assert.ok(!path.endsWith('.map'), `source map ${path}`);
      assert.ok(!path.startsWith('src/') && !path.startsWith('test/'), path);
      assert.ok(!path.endsWith('.ts'), `TypeScript file ${path}`);
    }
    for (const needed of ['bin/campaign-audit.js', 'dist/bundle/campaign-audit.js', 'dist/bundle/THIRD-PARTY-NOTICES.txt', 'LICENSE', 'README.md', 'docs/reports.md', 'docs/report.schema.json', 'docs/plan.schema.json', 'docs/diff.schema.json']) {
      assert.ok(paths.includes(needed), `missing ${needed}`);
    }
    assert.ok(paths.some((path) => path.startsWith('fixtures/demo/')), 'demo fixtures');
    // Before this package was cleaned up: 310 entries, 5.7 MB unpacked. The bound is loose on
    // purpose (docs and fixtures grow); compiled dist/** files alone would break it.
    assert.ok(pack.entryCount < 150, `${pack.entryCount} entries`);
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), new RegExp(`^${manifest.license} License`));
  });

  it('lists only the external dependency and bundles the rest', () => {
    const listed = Object.keys(manifest.dependencies ?? {});
    // What the bundle still imports by bare name must be listed (and ssh2's optional native part).
    const bundleFiles = paths.filter((path) => path.startsWith('dist/bundle/') && path.endsWith('.js'));
    const imported = new Set<string>();
    for (const file of bundleFiles) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\(\s*)["'](@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/g)) {
        const name = match[1]!;
        if (name.startsWith('node:')) continue;
        imported.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
      }
    }
    const builtins = new Set(['fs', 'path', 'os', 'crypto', 'url', 'util', 'stream', 'events', 'child_process', 'net', 'module', 'tty', 'buffer', 'assert', 'zlib', 'process']);
    const external = [...imported].filter((name) => !builtins.has(name) && name !== 'cpu-features');
    assert.deepEqual(external.sort(), listed.sort(), 'dependencies = what the bundle imports');
    // And what the bundle carries is not listed again.
    const notices = readFileSync(join(ROOT, 'dist', 'bundle', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    const bundled = [...notices.matchAll(/^(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?) \d+\.\d+\.\d+[^ ]* \(/gm)].map((match) => match[1]!);
    for (const name of ['commander', 'yaml', 'zod', 'fast-xml-parser', 'cli-table3', 'date-fns']) assert.ok(bundled.includes(name), `${name} bundled`);
    for (const name of bundled) assert.ok(!listed.includes(name), `${name} is bundled and listed`);
    assert.equal(manifest.scripts.prepare, undefined, 'no build on every install');
  });

  it('installs into an empty folder and runs `campaign-audit demo` without the repository', () => {
    const tarball = join(scratch, pack.filename);
    const home = join(scratch, 'user');
    mkdirSync(home);
    // From the npm cache when ssh2 is there; otherwise unpack the tarball and borrow the repo's
    // node_modules (only ssh2 is looked up from it).
    const installed = run(NPM, ['install', '--offline', '--ignore-scripts', '--no-package-lock', '--prefix', home, tarball], home);
    let bin: string;
    if (installed.status === 0) {
      bin = join(home, 'node_modules', 'campaign-audit', 'bin', 'campaign-audit.js');
      assert.ok(existsSync(join(home, 'node_modules', '.bin', 'campaign-audit')), 'bin linked');
      assert.ok(!existsSync(join(home, 'node_modules', 'commander')), 'bundled libraries are not installed again');
    } else {
      const unpacked = join(scratch, 'unpacked');
      mkdirSync(unpacked);
      const untar = run('tar', ['-xzf', tarball, '-C', unpacked], unpacked);
      assert.equal(untar.status, 0, untar.stderr);
      mkdirSync(join(unpacked, 'package', 'node_modules'));
      for (const name of Object.keys(manifest.dependencies ?? {})) symlinkSync(join(ROOT, 'node_modules', name), join(unpacked, 'package', 'node_modules', name), 'dir');
      bin = join(unpacked, 'package', 'bin', 'campaign-audit.js');
    }
    const demo = run(process.execPath, [bin, 'demo', '-f', 'json', '--as-of', '2026-11-27'], home);
    assert.equal(demo.status, 0, demo.stderr);
    const packed = JSON.parse(demo.stdout) as ScanResult;
    const repo = JSON.parse(run(process.execPath, [join(ROOT, 'bin', 'campaign-audit.js'), 'demo', '-f', 'json', '--as-of', '2026-11-27'], home).stdout) as ScanResult;
    assert.equal(packed.hosts.length, 13);
    assert.deepEqual(packed.hosts.map((host) => host.name), repo.hosts.map((host) => host.name));
    assert.deepEqual(packed.findings.map((finding) => finding.fingerprint), repo.findings.map((finding) => finding.fingerprint));
    assert.equal(packed.tool.version, repo.tool.version);
  });
});
