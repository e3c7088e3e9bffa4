/** A value made safe for a Markdown table cell: no pipe, no newline, no HTML. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ');
}
