// Generated Campaign-like XML for the parser and redaction properties: a document model, drawn by
// fast-check, written out with the many ways XML allows (quote styles, entities, whitespace
// around '=', comments, CDATA, processing instructions) and, in the broken variants, the ways
// hand edits go wrong (odd quoting, unclosed tags, duplicated attributes, stray characters).
//
// Secret attribute values hold markers: strings unique to the document ("MRK3xqwzt") that must
// never reach stored output. Markers are alphanumeric, never hex-only and never entity-encoded,
// so a marker in the output is found by plain search.
import { fingerprintSecret } from '../helpers/fixtures.js';
import fc from 'fast-check';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';

export const SECRET_NAMES: readonly string[] = DEFAULT_SIGNATURES.secrets.map((secret) => secret.attribute);
/** Names that are not secret, some of them close to one (prefix, suffix, other word). */
const OTHER_NAMES = ['authIMSTAClientId', 'authIMSTAId', 'login', 'name', 'x', 'passwordExpiry', 'password2', 'authPrivateKeyId', 'IMSOrgId', 'autoStart', '_autoStart', 'appName', 'authType', 'disableAPI'];
const ELEMENT_NAMES = ['shared', 'ims', 'dbcnx', 'pipelined', 'dataStore', 'dataSource', 'web', 'redirection', 'mta', 'imsConfig', 'nonIMSAuthnAPI', 'a'];

/** Pieces of attribute values, each written in one of several ways (see writePiece). */
const VALUE_PIECES = ['a', 'Z', '0', '9', ' ', '@', '=', '/', '<', '>', '&', '"', "'", ';', '#', '-', '!', '?', 'é', '€', '😀', '\u00a0', '\t', '\n', 'sha256:', '&amp;', ']]>', '-->', '<!--', 'password="x"'];

type Piece = { marker: true } | { marker: false; text: string; form: number };

export interface AttributeSpec {
  name: string;
  isSecret: boolean;
  /** Leading blanks and '@' are drawn apart: they decide blank values and the encrypted form. */
  lead: string;
  pieces: Piece[];
  quote: '"' | "'";
  gap: string;
  eqLeft: string;
  eqRight: string;
  fault: AttributeFault;
}

export type AttributeFault = 'none' | 'unquoted' | 'mismatched-quotes' | 'unclosed-quote' | 'stray-quote' | 'odd-space' | 'duplicate' | 'no-gap' | 'junk-entities';

export interface ElementSpec {
  kind: 'element';
  name: string;
  attributes: AttributeSpec[];
  children: NodeSpec[];
  selfClose: boolean;
  fault: ElementFault;
}

export type ElementFault = 'none' | 'unclosed' | 'no-gt' | 'wrong-close' | 'lt-in-tag' | 'open-comment-before';

export type NodeSpec = ElementSpec | { kind: 'text' | 'comment' | 'cdata' | 'pi'; text: string };

export interface DocumentSpec {
  prolog: string;
  root: ElementSpec;
  trailer: string;
  salt: string;
}

/** A written document, what a correct redactor makes of it, and the markers it holds. */
export interface Written {
  xml: string;
  /** Exact expected redactor output; meaningful for well-formed documents. */
  redacted: string;
  markers: string[];
}

const blank = fc.constantFrom('', '', '', ' ', '\n  ', '\t');
const gap = fc.constantFrom(' ', ' ', '  ', '\t', '\n', '\r\n', ' \n\t');
const eqGap = fc.constantFrom('', '', ' ', '\n', '\t ');
const ODD_SPACES = ['\u00a0', '\u2003', '\f', '\v', '\u3000', '\u2028', '\u0085', '\ufeff'];

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ marker: true as const }) },
  { weight: 5, arbitrary: fc.record({ marker: fc.constant(false as const), text: fc.constantFrom(...VALUE_PIECES), form: fc.nat(11) }) },
);

function attribute(isSecret: boolean, faults: readonly AttributeFault[]): fc.Arbitrary<AttributeSpec> {
  const name = isSecret
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SECRET_NAMES) }, { weight: 1, arbitrary: fc.mixedCase(fc.constantFrom(...SECRET_NAMES)) })
    : fc.constantFrom(...OTHER_NAMES);
  return fc.record({
    name,
    isSecret: fc.constant(isSecret),
    lead: fc.tuple(blank, fc.constantFrom('', '', '@')).map(([space, at]) => space + at),
    pieces: fc.array(isSecret ? piece : piece.filter((p) => !p.marker), { maxLength: 6 }),
    quote: fc.constantFrom('"' as const, "'" as const),
    gap,
    eqLeft: eqGap,
    eqRight: eqGap,
    fault: faults.length === 1 ? fc.constant(faults[0] as AttributeFault) : fc.constantFrom(...faults),
  });
}

function attributes(faults: readonly AttributeFault[]): fc.Arbitrary<AttributeSpec[]> {
  const one = fc.oneof({ weight: 3, arbitrary: attribute(true, faults) }, { weight: 2, arbitrary: attribute(false, ['none']) });
  return fc.uniqueArray(one, { selector: (spec) => spec.name, maxLength: 4 });
}

const textNode = fc
  .array(fc.constantFrom('plain', ' ', '\n', '&amp;', '&lt;', '&gt;', '>', 'password="decoy"', "'", '"', '=', 'é', '&#65;'), { maxLength: 5 })
  .map((parts) => ({ kind: 'text' as const, text: parts.join('') }));
const commentNode = fc
  .array(fc.constantFrom('<dbcnx login="decoy"/>', ' ', 'x', '-', '<', '>', '"', "'", '<ims authIMSTAClientId=\''), { maxLength: 5 })
  .map((parts) => ({ kind: 'comment' as const, text: parts.join('').replace(/--/g, '- ').replace(/-$/, '- ') }));
const cdataNode = fc
  .array(fc.constantFrom('<ims authIMSTAClientId="decoy"/>', ']]', ']', '>', '<', 'x', '"', "'"), { maxLength: 5 })
  .map((parts) => ({ kind: 'cdata' as const, text: parts.join('').replace(/]]>/g, ']] >') }));
const piNode = fc
  .array(fc.constantFrom('login=decoy', ' ', 'x', '?', '>'), { maxLength: 4 })
  .map((parts) => ({ kind: 'pi' as const, text: parts.join('').replace(/\?>/g, '? >') }));
const otherNode: fc.Arbitrary<NodeSpec> = fc.oneof(textNode, commentNode, cdataNode, piNode);

function element(depth: number, faults: { attribute: readonly AttributeFault[]; element: readonly ElementFault[] }): fc.Arbitrary<ElementSpec> {
  const children: fc.Arbitrary<NodeSpec[]> = depth <= 0
    ? fc.array(otherNode, { maxLength: 2 })
    : fc.array(fc.oneof({ weight: 3, arbitrary: element(depth - 1, faults) }, { weight: 2, arbitrary: otherNode }), { maxLength: 3 });
  return fc.record({
    kind: fc.constant('element' as const),
    name: fc.constantFrom(...ELEMENT_NAMES),
    attributes: attributes(faults.attribute),
    children,
    selfClose: fc.boolean(),
    fault: faults.element.length === 1 ? fc.constant(faults.element[0] as ElementFault) : fc.constantFrom(...faults.element),
  });
}

const salt = fc.stringMatching(/^[g-z]{5}$/);
const prolog = fc.constantFrom('', `<?xml version='1.0'?>\n`, '<?xml version="1.0" encoding="UTF-8"?>\r\n', '<!-- conf -->\n');
const trailer = fc.constantFrom('', '\n', '\n<!-- end -->\n', '  ');

function document(root: fc.Arbitrary<ElementSpec>): fc.Arbitrary<DocumentSpec> {
  return fc.record({
    prolog,
    root: fc.tuple(root, fc.constantFrom('serverconf', 'serverConf')).map(([spec, name]) => ({ ...spec, name, fault: 'none' as const })),
    trailer,
    salt,
  });
}

/** Well-formed documents: only the ways XML allows. */
export const wellFormedDocument = document(element(3, { attribute: ['none'], element: ['none'] }));

const ALL_ATTRIBUTE_FAULTS: AttributeFault[] = ['none', 'none', 'none', 'unquoted', 'mismatched-quotes', 'unclosed-quote', 'stray-quote', 'odd-space', 'duplicate', 'no-gap', 'junk-entities'];
const ALL_ELEMENT_FAULTS: ElementFault[] = ['none', 'none', 'none', 'unclosed', 'no-gt', 'wrong-close', 'lt-in-tag', 'open-comment-before'];

/** Documents with hand-edit faults, then possibly truncated or with junk spliced in. */
export const brokenDocument: fc.Arbitrary<{ spec: DocumentSpec; cut: number | null; splice: { at: number; junk: string } | null }> = fc.record({
  spec: document(element(3, { attribute: ALL_ATTRIBUTE_FAULTS, element: ALL_ELEMENT_FAULTS })),
  cut: fc.option(fc.nat(), { freq: 4 }),
  splice: fc.option(fc.record({ at: fc.nat(), junk: fc.constantFrom('<', '>', '"', "'", '&', '<!--', '<![CDATA[', '<?', '=', '</a>', '\u00a0', '\u0000') }), { freq: 4 }),
});

/** Writes a broken document and applies its cut and splice. */
export function writeBroken({ spec, cut, splice }: { spec: DocumentSpec; cut: number | null; splice: { at: number; junk: string } | null }): Written {
  const written = writeDocument(spec);
  let xml = written.xml;
  if (splice !== null) {
    const at = splice.at % (xml.length + 1);
    xml = xml.slice(0, at) + splice.junk + xml.slice(at);
  }
  if (cut !== null) xml = xml.slice(0, cut % (xml.length + 1));
  return { ...written, xml };
}

/** The `sha256:<first 12 hex>` fingerprint of docs/security.md#1-no-secret-leaves-the-tool, computed here independently. */
export function expectedFingerprint(decoded: string): string {
  return fingerprintSecret(decoded);
}

export function writeDocument(spec: DocumentSpec): Written {
  const markers: string[] = [];
  const newMarker = (): string => {
    const marker = `MRK${markers.length}x${spec.salt}`;
    markers.push(marker);
    return marker;
  };
  const out: string[] = [];
  const red: string[] = [];
  const both = (text: string): void => {
    out.push(text);
    red.push(text);
  };

  const writeAttribute = (attr: AttributeSpec, ownerFault: ElementFault): void => {
    const fault = attr.fault;
    const sep = fault === 'odd-space' ? (ODD_SPACES[attr.gap.length % ODD_SPACES.length] as string) : fault === 'no-gap' ? '' : attr.gap;
    const quote = attr.quote;
    const other = quote === '"' ? "'" : '"';
    // The value as the file holds it (raw) and as an XML reader decodes it.
    let raw = attr.lead;
    let decoded = attr.lead;
    for (const p of attr.pieces) {
      if (p.marker) {
        const marker = newMarker();
        raw += marker;
        decoded += marker;
        if (fault === 'stray-quote') raw += quote; // a hand-typed quote inside the value, then more value
      } else if (fault === 'unquoted') {
        raw += p.text;
        decoded += p.text;
      } else if (fault === 'junk-entities' && p.form % 3 === 0) {
        raw += ['&#xZZ;', '&#99999999;', '&bogus;', '&#;', '&', '&#x110000;', '&#0;'][p.form % 7] as string;
        decoded += '?';
      } else {
        raw += writePiece(p.text, p.form, quote);
        decoded += p.text;
      }
    }
    if (fault === 'stray-quote' && attr.isSecret) raw += newMarker();
    const open = fault === 'unquoted' ? '' : quote;
    const close = fault === 'unquoted' || fault === 'unclosed-quote' ? '' : fault === 'mismatched-quotes' ? other : quote;
    const head = `${sep}${attr.name}${attr.eqLeft}=${attr.eqRight}${open}`;
    out.push(head, raw, close);
    // A blank value stays (blank decides the credential class). The '@' of the encrypted form
    // stays exactly when the parser, which trims values, sees the value start with '@': that is
    // what secrets/plaintext reads, so it must read the same on the redacted file.
    const isRedacted = attr.isSecret && raw.trim() !== '';
    red.push(head, isRedacted ? (raw.trim().startsWith('@') ? '@' : '') + expectedFingerprint(decoded) : raw, close);
    if (fault === 'duplicate') {
      const again = newMarker();
      out.push(` ${attr.name}="${again}"`);
      red.push(` ${attr.name}="${expectedFingerprint(again)}"`);
    }
    if (ownerFault === 'lt-in-tag') both(' <');
  };

  const writeNode = (node: NodeSpec): void => {
    if (node.kind === 'element') writeElement(node);
    else if (node.kind === 'text') both(node.text);
    else if (node.kind === 'comment') both(`<!--${node.text}-->`);
    else if (node.kind === 'cdata') both(`<![CDATA[${node.text}]]>`);
    else both(`<?pi ${node.text}?>`);
  };

  const writeElement = (node: ElementSpec): void => {
    if (node.fault === 'open-comment-before') both('<!-- ');
    both(`<${node.name}`);
    for (const attr of node.attributes) writeAttribute(attr, node.fault);
    const end = node.fault === 'no-gt' ? '' : '>';
    if (node.selfClose && node.children.length === 0) {
      both(node.fault === 'no-gt' ? '/' : '/>');
      return;
    }
    both(end);
    for (const child of node.children) writeNode(child);
    if (node.fault === 'unclosed') return;
    both(`</${node.fault === 'wrong-close' ? `${node.name}x` : node.name}>`);
  };

  both(spec.prolog);
  writeElement(spec.root);
  both(spec.trailer);
  return { xml: out.join(''), redacted: red.join(''), markers };
}

/**
 * One piece of a value inside `quote`, in one of the ways XML allows: named, decimal or hex
 * references, or the character itself where that is legal. '<' is also written raw: XML forbids
 * it in a value, but fast-xml-parser accepts it, so the redactor must read past it.
 */
function writePiece(text: string, form: number, quote: string): string {
  let written = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const reference = form % 2 === 0 ? `&#${code};` : `&#x${code.toString(16)};`;
    if (char === '&') written += ['&amp;', '&#38;', '&#x26;'][form % 3];
    else if (char === '<') written += ['&lt;', '<', '&#60;'][form % 3];
    else if (char === quote) written += [quote === '"' ? '&quot;' : '&apos;', reference][form % 2];
    else written += form >= 8 ? reference : char;
  }
  return written;
}

const IMS_NAMES = ['authIMSTAClientId', 'authIMSTAClientSecret', 'authIMSTAId', 'authIMSTAPrivateKey', 'authIMSClientSecret', 'authIMSCode', 'IMSOrgId'];

/** One attribute of a Campaign element: a secret (with markers) when its name is one. */
function namedAttribute(names: readonly string[]): fc.Arbitrary<AttributeSpec> {
  return fc.constantFrom(...names).chain((name) => {
    const isSecret = SECRET_NAMES.some((secret) => secret.toLowerCase() === name.toLowerCase());
    return attribute(isSecret, ['none']).map((spec) => ({ ...spec, name }));
  });
}

function fixed(name: string, value: string): AttributeSpec {
  return { name, isSecret: false, lead: '', pieces: [{ marker: false, text: value, form: 1 }], quote: '"', gap: ' ', eqLeft: '', eqRight: '', fault: 'none' };
}

function node(name: string, attributes: AttributeSpec[], children: NodeSpec[]): ElementSpec {
  return { kind: 'element', name, attributes, children, selfClose: children.length === 0, fault: 'none' };
}

/**
 * A well-formed file shaped like Campaign's (docs/campaign.md#configuration-files to
 * #other-credentials): serverconf/shared/ims with the technical-account attributes,
 * dataStore/dataSource/dbcnx with a password, pipelined with authPrivateKey/appName,
 * web/redirection with IMSOrgId, and random elements around them.
 */
export const configDocument: fc.Arbitrary<DocumentSpec> = fc
  .record({
    ims: fc.uniqueArray(namedAttribute(IMS_NAMES), { selector: (spec) => spec.name, maxLength: 5 }),
    dbcnx: fc.uniqueArray(namedAttribute(['password', 'login']), { selector: (spec) => spec.name }),
    pipelined: fc.uniqueArray(namedAttribute(['authPrivateKey', 'appName', 'autoStart']), { selector: (spec) => spec.name }),
    redirection: fc.uniqueArray(namedAttribute(['IMSOrgId']), { selector: (spec) => spec.name }),
    extra: fc.array(element(1, { attribute: ['none'], element: ['none'] }), { maxLength: 2 }),
    prolog,
    salt,
  })
  .map(({ ims, dbcnx, pipelined, redirection, extra, prolog: head, salt: documentSalt }) => ({
    prolog: head,
    trailer: '\n',
    salt: documentSalt,
    root: node('serverconf', [], [
      node('shared', [], [node('ims', ims, []), node('dataStore', [], [node('dataSource', [fixed('name', 'default')], [node('dbcnx', dbcnx, [])])])]),
      node('pipelined', pipelined, []),
      node('web', [], [node('redirection', redirection, [])]),
      ...extra,
    ]),
  }));
