// Prose with code spans, the small Markdown subset that the plan's titles, notes and warnings and
// the rules' remediation use ("then `nlserver config -reload`"). Writers put values in with
// codeSpan() and proseText(), so a value holding backticks or backslashes never ends a span or
// starts one; readers (Markdown, HTML, plain text) split with splitCodeSpans(). CommonMark's
// rules for code spans and backslash escapes, so the text renders the same in any viewer.

/** A value as a code span: a fence longer than any backtick run inside, padded where CommonMark strips. */
export function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || (/^ .* $/s.test(value) && value.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A value as prose: backslashes and backticks escaped, so it never opens a code span. */
export function proseText(value: string): string {
  return value.replace(/[\\`]/g, (char) => `\\${char}`);
}

export interface ProseSegment {
  code: boolean;
  text: string;
}

/** Splits prose into text and code, undoing the escapes of proseText() and the fences of codeSpan(). */
export function splitCodeSpans(prose: string): ProseSegment[] {
  const segments: ProseSegment[] = [];
  let text = '';
  let index = 0;
  const flush = (): void => {
    if (text !== '') segments.push({ code: false, text });
    text = '';
  };
  while (index < prose.length) {
    const char = prose[index] as string;
    if (char === '\\' && (prose[index + 1] === '`' || prose[index + 1] === '\\')) {
      text += prose[index + 1];
      index += 2;
      continue;
    }
    if (char !== '`') {
      text += char;
      index += 1;
      continue;
    }
    const run = /^`+/.exec(prose.slice(index))?.[0] ?? '`';
    const close = findRun(prose, index + run.length, run.length);
    if (close === -1) {
      text += run;
      index += run.length;
      continue;
    }
    flush();
    const inner = prose.slice(index + run.length, close);
    segments.push({ code: true, text: /^ .* $/s.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner });
    index = close + run.length;
  }
  flush();
  return segments;
}

/** The index of the next run of exactly `length` backticks at or after `from`, or -1. */
function findRun(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}
