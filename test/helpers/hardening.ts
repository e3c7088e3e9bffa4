// Configuration files for the hardening rule tests: a serverConf.xml or config-<instance>.xml with
// the given content under <shared> and after it, and Adobe's documented snippets (fixtures/samples/).
import { readFileSync } from 'node:fs';

/** `<serverconf><shared>{shared}</shared>{rest}</serverconf>`. */
export function confXml(shared = '', rest = ''): string {
  return `<?xml version='1.0'?>\n<serverconf>\n  <shared>${shared}</shared>${rest}\n</serverconf>\n`;
}

/** A file of fixtures/samples/, verbatim. */
export function sample(name: string): string {
  return readFileSync(new URL(`../../fixtures/samples/${name}`, import.meta.url), 'utf8');
}
