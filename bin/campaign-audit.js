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
  // A bug, not a verdict: exit 2 (never 1, which means "gate failed"), and keep the stack. Its
  // message may hold text read from a file: control and bidi characters are shown as "?", as in
  // every other message (the set of src/render/text.ts printable, written out: this launcher takes
  // nothing from the bundle but main).
  const text = error instanceof Error ? error.stack : String(error);
  // eslint-disable-next-line no-control-regex
  process.stderr.write(`campaign-audit: internal error: ${String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, '?')}\n`);
  process.exitCode = 2;
}
