// JSON input files (reports for --baseline, plan, convert and diff; saved evidence) parsed with a
// bound on what the parse builds. The file reader caps the bytes, but bytes are not memory: a
// 64 MiB file of `[{},{},…]` is 22 million objects (2.2 GB), and 32 million `[` nest beyond any
// use (3.2 GB). One linear pass over the text counts values and depth before JSON.parse runs.
// Messages quote nothing of the file: a key or a config passed by mistake is not echoed.

export interface JsonLimits {
  /** Objects, arrays and separators (`,` and `:`) together: roughly the values the parse creates. */
  maxItems: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
}

/**
 * A 10 000-host report is about 1.5 million items and nests 5 deep; 4 million items cost at most
 * ~250 MB while parsed (measured: 1.4 GB per 22 million objects).
 */
export const JSON_LIMITS: JsonLimits = { maxItems: 4_000_000, maxDepth: 64 };

/** A saved report may be as long as the tool writes (FILE_CAPS.report): its items scale with the cap, about 16 bytes each. */
export const REPORT_JSON_LIMITS: JsonLimits = { maxItems: 32_000_000, maxDepth: 64 };

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses JSON within `limits`; the error says what is wrong and where (a byte offset), never what. */
export function parseJsonBounded(text: string, limits: JsonLimits = JSON_LIMITS): JsonResult {
  let items = 0;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      items += 1;
      if (depth > limits.maxDepth) return { ok: false, error: `nested more than ${limits.maxDepth} levels deep (at character ${index})` };
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    } else if (code === 0x2c || code === 0x3a) {
      items += 1;
    } else {
      continue;
    }
    if (items > limits.maxItems) return { ok: false, error: `more values than an input file may hold (over ${limits.maxItems.toLocaleString('en-US')})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // JSON.parse quotes the input around the fault; only its position is repeated.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, error: `not valid JSON${position === undefined ? '' : ` (error at character ${position})`}` };
  }
}
