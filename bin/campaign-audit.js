#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bundle/ (shipped in the package; in a clone,
// built by `npm run build`, or by `npm run demo` when missing).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/campaign-audit.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('campaign-audit: dist/ is missing; run `npm run build` in the package directory first\n');
  process.exit(2);
}
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A bug, not a verdict: exit 2 (never 1, which means "gate failed"), and keep the stack.
  process.stderr.write(`campaign-audit: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
