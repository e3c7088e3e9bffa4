// Finding generated secret markers in output. Markers are alphanumeric, so no escaping a
// reporter does (HTML, JSON, CSV, XML) can hide one; the search ignores case all the same.
import { parseXml, walk } from '../../src/parse/xml.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';

export function leakedMarkers(output: string, markers: readonly string[]): string[] {
  const haystack = output.toLowerCase();
  return markers.filter((marker) => haystack.includes(marker.toLowerCase()));
}

const SECRET_NAMES = new Set(DEFAULT_SIGNATURES.secrets.map((secret) => secret.attribute.toLowerCase()));

/**
 * The markers that are secret values as XML reads the file. In a file that parses, a fault can
 * put a marker where XML does not see a secret value (inside a comment that a later "-->" closes,
 * in text); comments and text are kept by design (test/collect/redact.test.ts). A file that does
 * not parse is not kept at all, so there every marker counts.
 */
export function secretMarkers(xml: string, markers: readonly string[]): string[] {
  const parsed = parseXml(xml);
  if (!parsed.ok) return [...markers];
  const values = [...walk(parsed.root)].flatMap((element) => Object.entries(element.attributes).filter(([name]) => SECRET_NAMES.has(name.toLowerCase())).map(([, value]) => value));
  return markers.filter((marker) => values.some((value) => value.includes(marker)));
}
