import { printable } from './text.js';

/** A value made safe for a Markdown table cell: no pipe, no newline, no HTML or entity, no link or code markup. */
export function mdCell(text: string): string {
  return printable(text)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`|[\]!*_]/g, '\\$&')
    .replace(/[<>&]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&amp;'));
}
