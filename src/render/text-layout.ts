// Terminal layout: tables that fit a given width (issue #10: every line of a terminal report fits
// the terminal, 80 columns by default). Cells are wrapped here, before cli-table3 draws them, so
// a long word breaks after "/" or "-" (rule ids, file paths) rather than anywhere.
import Table from 'cli-table3';
import './cli-table3-patch.js';

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on a terminal: our own colour codes take none. */
export function visibleLength(text: string): number {
  return text.replace(SGR, '').length;
}

/**
 * Greedy word wrap to `width` columns; continuation lines keep the first line's indent plus
 * `hang`. A word longer than the line breaks after its last "/" or "-" that fits, else is cut.
 * Newlines in the text are kept as line breaks.
 */
export function wrapText(text: string, width: number, hang = ''): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, Math.max(1, width), hang));
}

function wrapParagraph(text: string, width: number, hang: string): string[] {
  const indent = /^ */.exec(text)?.[0] ?? '';
  const next = `${indent}${hang}`.slice(0, Math.max(0, Math.floor(width / 2)));
  const lines: string[] = [];
  let line = indent;
  let isEmpty = true;
  for (let word of text.trim().split(/ +/)) {
    if (word === '') continue;
    while (word !== '') {
      const room = width - visibleLength(line) - (isEmpty ? 0 : 1);
      if (visibleLength(word) <= room) {
        line = isEmpty ? `${line}${word}` : `${line} ${word}`;
        isEmpty = false;
        word = '';
      } else if (!isEmpty) {
        lines.push(line);
        line = next;
        isEmpty = true;
      } else {
        // A word wider than a whole line: our colour codes never sit in such words (ids and
        // paths are painted whole and are short), so slicing the raw string is safe here.
        const head = word.slice(0, room);
        const cut = Math.max(head.lastIndexOf('/'), head.lastIndexOf('-'));
        const take = cut >= Math.floor(room / 3) ? cut + 1 : room;
        lines.push(`${line}${word.slice(0, take)}`);
        word = word.slice(take);
        line = next;
      }
    }
  }
  if (!isEmpty || lines.length === 0) lines.push(isEmpty ? '' : line);
  return lines;
}

export interface FitOptions {
  /** Narrowest each column may be wrapped to (text columns, without padding). */
  min: readonly number[];
  color?: boolean;
  /** ASCII borders (RenderContext.ascii). */
  ascii?: boolean;
}

/** cli-table3's border characters in ASCII, for a terminal whose locale is not UTF-8. */
const ASCII_BORDERS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|',
} as const;

/**
 * A boxed table no wider than `width`, or undefined when even the narrowest columns allowed by
 * `min` do not fit (the caller then uses a stacked layout). Columns start at their natural width;
 * while the table is too wide the widest column that may still shrink loses one column.
 */
export function fitTable(head: readonly string[], rows: readonly (readonly string[])[], width: number, options: FitOptions): string | undefined {
  const natural = head.map((title, index) => Math.max(...[title, ...rows.map((row) => row[index] ?? '')].flatMap((cell) => cell.split('\n')).map(visibleLength)));
  const widths = [...natural];
  // Box: one border column per column plus one, and one space of padding each side.
  const overhead = head.length * 3 + 1;
  const total = (): number => widths.reduce((sum, value) => sum + value, overhead);
  while (total() > width) {
    let widest = -1;
    widths.forEach((value, index) => {
      if (value > (options.min[index] ?? value) && (widest < 0 || value > (widths[widest] ?? 0))) widest = index;
    });
    if (widest < 0) return undefined;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  const wrapped = rows.map((row) => row.map((cell, index) => wrapText(cell, widths[index] ?? 1).join('\n')));
  const draw = (chunk: readonly string[][], withHead: boolean): string => {
    const table = new Table({
      ...(withHead ? { head: head.map((title, index) => wrapText(title, widths[index] ?? 1).join('\n')) } : {}),
      colWidths: widths.map((value) => value + 2),
      wordWrap: false,
      ...(options.ascii === true ? { chars: ASCII_BORDERS } : {}),
      style: { head: options.color === true ? ['bold'] : [], border: [] },
    });
    table.push(...chunk);
    return table.toString();
  };
  // cli-table3 lays a table out by checking each cell against every row above it (its
  // layout-manager's conflictExists, for row spans we do not use): drawing 40,000 findings took
  // 35 s, four times as long for twice the rows. Drawn CHUNK_ROWS rows at a time, with the columns
  // fixed, the pieces join into the same table: each piece's bottom border gives way to the next
  // piece's top border drawn as the line between two rows.
  const pieces: string[] = [];
  for (let start = 0; start === 0 || start < wrapped.length; start += CHUNK_ROWS) {
    const piece = draw(wrapped.slice(start, start + CHUNK_ROWS), start === 0);
    pieces.push(start === 0 ? piece : rowSeparator(piece));
  }
  return pieces.length === 1 ? (pieces[0] ?? '') : pieces.map((piece, index) => (index < pieces.length - 1 ? piece.slice(0, piece.lastIndexOf('\n')) : piece)).join('\n');
}

/** Rows drawn by one cli-table3 table: its layout costs the square of this, so it stays small. */
const CHUNK_ROWS = 100;

/** A headless piece's first line, its top border (┌─┬─┐), drawn as the line between two rows (├─┼─┤). */
function rowSeparator(piece: string): string {
  const end = piece.indexOf('\n');
  const top = end < 0 ? piece : piece.slice(0, end);
  return `${top.replace(/[┌┬┐]/g, (char) => ({ '┌': '├', '┬': '┼', '┐': '┤' })[char] ?? char)}${end < 0 ? '' : piece.slice(end)}`;
}
