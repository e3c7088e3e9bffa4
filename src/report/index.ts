// Reporter registry (docs/architecture.md#reporters): the formats of scan, demo and convert. `Format` is
// derived from it, so a format name the CLI accepts always has a reporter, and the -f help lists
// exactly these names with their summaries.
import type { ScanResult } from '../model.js';
import type { OutputFormat } from '../render/output-format.js';
import type { ReportContext } from './types.js';
import { checklistHtml } from './checklist-html.js';
import { checklistMarkdown } from './checklist-markdown.js';
import { csv } from './csv.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';

export const reporters = {
  table: { render: table, summary: 'text for the terminal' },
  json: { render: json, summary: 'the whole result, for convert, plan, diff, trend, --baseline' },
  csv: { render: csv, summary: 'one row per host and per finding, for spreadsheets' },
  markdown: { render: markdown, summary: 'for a ticket, a wiki page or a pull request' },
  html: { render: html, summary: 'one self-contained page, with the migration plan' },
  sarif: { render: sarif, summary: 'SARIF 2.1.0, for code-scanning dashboards' },
  junit: { render: junit, summary: 'JUnit XML, for CI test reports' },
  checklist: { render: checklistMarkdown, summary: "Adobe's hardening checklist, item by item (Markdown)" },
  'checklist-html': { render: checklistHtml, summary: 'the hardening checklist as one HTML page' },
} satisfies Record<string, OutputFormat<ScanResult, ReportContext>>;

export type Format = keyof typeof reporters;

export type { Reporter, ReportContext } from './types.js';
