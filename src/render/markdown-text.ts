// Markdown from untrusted text. Every value from a report, a host or evidence reaches Markdown
// through `md` (escaped as text unless wrapped): a reporter writes md`| ${finding.host} |` and
// cannot forget to escape. Code goes through code() (a span whose backtick fence is longer than
// any run inside, so nothing is escaped inside it and a copied path is exact) or fence().
import { splitCodeSpans } from './code-spans.js';
import { printable, printableLine } from './text.js';

/** Markdown that is safe to emit as is: written by the reporter, or escaped by this module. */
export class Md {
  constructor(readonly markdown: string) {}
  toString(): string {
    return this.markdown;
  }
}

export type MdValue = Md | string | number;

/**
 * Text as Markdown that renders to exactly that text: no markup, link, image, HTML, entity,
 * math or table cell break can come from it, and it stays on one line. Block markers ("# ",
 * "- ", "+ ", "1. ") act only at the start of a line and before a space, so only such a leading
 * one is escaped (`>` is always an entity; a value never follows a paragraph line, so "=" and
 * "-" cannot underline one).
 */
export function mdText(text: string): string {
  return printable(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .replace(/[\\`*_[\]|!~$]/g, '\\$&')
    .replace(/[<>&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&amp;'))
    .replace(/^([#+-])(?=\s)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** Markdown written by the reporter itself (never a value from a report). */
export function mdRaw(markdown: string): Md {
  return new Md(markdown);
}

/**
 * An inline code span holding exactly `text` (on one line). The fence is one backtick longer
 * than the longest run inside, with a space of padding where CommonMark strips one. A value
 * with a `|` is written as escaped text instead: in a GFM table a pipe splits the cell even
 * inside a code span, and its escape `\|` would show elsewhere; the text is the same.
 */
export function code(text: string): Md {
  const content = printableLine(text);
  if (content.trim() === '' || content.includes('|')) return new Md(content.trim() === '' ? '-' : mdText(content));
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return new Md(`${fence}${pad}${content}${pad}${fence}`);
}

/** A fenced code block of `lines`, indented by `indent`; no line of it can close the fence early. */
export function fence(lines: readonly string[], info = '', indent = ''): string[] {
  const body = lines.flatMap((line) => printable(line).split(/\r?\n/));
  const longest = Math.max(0, ...body.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const marker = '`'.repeat(Math.max(3, longest + 1));
  return [`${indent}${marker}${info}`, ...body.map((line) => `${indent}${line}`), `${indent}${marker}`];
}

/** Joins Markdown pieces with a separator written by the reporter. */
export function mdJoin(parts: readonly MdValue[], separator: string): Md {
  return new Md(parts.map(render).join(separator));
}

function render(value: MdValue): string {
  return value instanceof Md ? value.markdown : mdText(String(value));
}

/** Tagged template: the literal parts are Markdown, every interpolated value is escaped text unless it is an Md. */
export function md(strings: TemplateStringsArray, ...values: readonly MdValue[]): Md {
  return new Md(strings.reduce((out, literal, index) => out + literal + (index < values.length ? render(values[index] as MdValue) : ''), ''));
}

/** Lines of Markdown (the reporter's own literals, or Md) as one document ending in a newline. */
export function mdDocument(lines: readonly (Md | string)[]): string {
  return `${lines.map(String).join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** A GFM table row; string cells are escaped text. */
export function mdRow(cells: readonly MdValue[]): Md {
  return new Md(`| ${cells.map((cell) => render(cell) || '-').join(' | ')} |`);
}

/**
 * Prose that marks code with backticks, as the plan's notes do ("then `nlserver config -reload`"):
 * the marked parts become code spans, the rest escaped text. Values inside it are still only
 * text or code, whatever backticks they hold.
 */
export function mdProse(text: string): Md {
  return new Md(
    splitCodeSpans(text)
      .map((segment) => (segment.code ? code(printableLine(segment.text)).markdown : mdText(printableLine(segment.text))))
      .join(''),
  );
}
