// The formats of `trend -f`; `TrendFormat` is derived from this registry.
import type { Trend } from '../history/trend.js';
import type { OutputFormat } from '../render/output-format.js';
import { renderTrendHtml } from './trend-html.js';
import { renderTrendJson, renderTrendMarkdown, renderTrendTable } from './trend-text.js';

export const trendFormats = {
  table: { render: (trend, { width }) => renderTrendTable(trend, width), summary: 'figures per date and the change, for the terminal' },
  markdown: { render: (trend) => renderTrendMarkdown(trend), summary: 'for the weekly mail or a wiki page' },
  json: { render: (trend) => renderTrendJson(trend), summary: 'every figure per date, and the reports used' },
  html: { render: (trend) => renderTrendHtml(trend), summary: 'a page with a burn-down chart' },
} satisfies Record<string, OutputFormat<Trend>>;

export type TrendFormat = keyof typeof trendFormats;
