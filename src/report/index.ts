// Reporter registry (STYLE.md "Reporters"). `Format` is derived from it, so a format name the
// CLI accepts always has a reporter.
import { csv } from './csv.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';
import type { Reporter } from './types.js';

export const reporters = { table, json, csv, markdown, html, sarif, junit } satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;

/** Every format name of the contract (DESIGN.md §2), including those not built yet. */
export const CONTRACT_FORMATS = ['table', 'json', 'csv', 'markdown', 'html', 'sarif', 'junit'] as const;

export function isFormat(name: string): name is Format {
  return Object.hasOwn(reporters, name);
}

export type { Reporter, ReportContext } from './types.js';
