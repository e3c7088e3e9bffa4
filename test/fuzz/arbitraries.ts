// Generators shared by the fuzz properties.
import fc from 'fast-check';

/** Any text without a line break. */
export const oneLine = fc.string({ unit: 'binary', maxLength: 120 }).map((text) => text.replace(/[\r\n]/g, ' '));

/** Pieces that make parsers and regexes work hardest when repeated: brackets, quotes, digits, keywords. */
export const VERSION_PIECES = ['(', ')', '((', 'build ', 'build', ' ', '\t', '9', '12345', '1.', '.', '@', 'a', 'f', 'version ', 'v', '\u00a0', 'é', 'Application server for Adobe Campaign ', 'Application '];
export const XML_PIECES = ['<', '>', '<a', '</a>', '"', "'", '=', ' ', '\t', '\n', '&', '&#', '&amp;', '&#x', ';', '/', '/>', '!', '-', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', 'password', 'a="1"', ' x', '\u00a0', 'é', '\r'];

/**
 * Text of about `length` characters made of one short unit repeated: the shape that exposes
 * quadratic scans and catastrophic backtracking (a run of '(' with no ')', a run of quotes…).
 */
export function adversarialText(length: number, pieces: readonly string[] = VERSION_PIECES): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 3 }))
    .map(([chosen, extra]) => {
      const unit = chosen.join('') + extra;
      return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    });
}
