import { readFileSync } from 'node:fs';

let cached: { name: string; version: string } | undefined;

/** Name and version from package.json (two levels up from both src/cli and dist/cli). */
export function toolInfo(): { name: string; version: string } {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    cached = { name: pkg.name, version: pkg.version };
  }
  return cached;
}
