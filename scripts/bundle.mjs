#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ with esbuild: one file to load instead of ~200 modules,
// which halves start-up time and memory (the benchmark counts both). This bundle is what the
// package ships and what bin/campaign-audit.js loads; the tsc build (dist/**) is for local
// checks only and is not packed.
//
// Dependencies: every runtime library is bundled (so package.json lists them as
// devDependencies and an install never fetches them twice) except ssh2, which stays external
// and is the one entry in "dependencies": it has optional native parts (cpu-features, its
// install script builds a crypto binding) that a bundle cannot carry. Code splitting keeps
// SSH-only code in its own chunk, loaded only when a scan goes over SSH.
//
// The bundled libraries' licences (all MIT/ISC) ask that their notices travel with the code:
// dist/bundle/THIRD-PARTY-NOTICES.txt collects each bundled package's name, version and
// licence text from the build's metafile.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const result = await build({
  entryPoints: { 'campaign-audit': 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'cpu-features'],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __campaignAuditRequire } from 'node:module'; const require = __campaignAuditRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  // Source maps help while developing (they point into src/); the package does not ship them.
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

// Chunk names carry a content hash: each rebuild would leave the old chunks behind, and `npm
// pack` (which ships dist/bundle/*.js) would carry them too. They go after the new files are
// written, never before, so a binary started during a rebuild still finds its chunks.
const written = new Set(Object.keys(result.metafile.outputs).map((path) => path.replace(/^dist\/bundle\//, '')));
for (const name of readdirSync('dist/bundle')) {
  if (/\.js(\.map)?$/.test(name) && !written.has(name)) rmSync(join('dist/bundle', name), { force: true });
}

/** The package.json folder of each bundled file under node_modules. */
function packageRoot(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

const roots = [...new Set(Object.keys(result.metafile.inputs).map(packageRoot).filter((root) => root !== null))].sort();
const notices = roots.map((root) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const licenceFile = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE'].map((name) => join(root, name)).find((path) => existsSync(path));
  const text = licenceFile === undefined ? `(no licence file; package.json says ${pkg.license ?? 'nothing'})` : readFileSync(licenceFile, 'utf8').trim();
  return `${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown licence'})\n\n${text}\n`;
});
writeFileSync(
  join(dirname(new URL(import.meta.url).pathname), '..', 'dist', 'bundle', 'THIRD-PARTY-NOTICES.txt'),
  `campaign-audit bundles the following packages; their licence notices follow.\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
);
