// cli-table3 0.6.5 draws every line of a cell through Cell.draw, which first computes a preview
// for a debug message: `utils.truncate(this.content, 10)` on the whole cell (src/cell.js, line
// 136), whether debugging is on or not. For a cell of several lines that preview is quadratic:
// truncateWidth drops one character at a time from the end and measures the whole rest each time
// (string-width, which builds its regular expressions on every call). Our wrapped cells have
// many lines, so the demo's table took 88 ms to draw against 1–4 ms for every other format,
// and a cell of 200 lines takes seconds (upstream: cli-table/cli-table3 pull request #362, open,
// "avoid eager cell preview truncation when debug logging is disabled").
//
// The cells' real lines are truncated one line at a time (Cell.drawLine), never with a newline
// in them, so truncating only the first line of a text that holds one changes nothing drawn:
// it only shortens that debug preview. test/report/cli-table3-patch.test.ts checks that the
// module still has the shape this relies on, that output is byte-identical, and the speed-up.
import utils from 'cli-table3/src/utils.js';

type Truncate = (text: string, width: number, truncateChar?: string) => string;

/** cli-table3's own truncate, for the tests. */
export const originalTruncate: Truncate = utils.truncate;

/** Truncates the first line only when the text holds several: what cli-table3 draws is never such a text. */
export const firstLineTruncate: Truncate = (text, width, truncateChar) => {
  const newline = typeof text === 'string' ? text.indexOf('\n') : -1;
  return originalTruncate(newline < 0 ? text : text.slice(0, newline), width, truncateChar);
};

utils.truncate = firstLineTruncate;
