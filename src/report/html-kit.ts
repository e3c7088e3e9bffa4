// Building blocks shared by the HTML pages (the scan report and the trend page): escaping,
// Markdown code spans as <code>, severity colours and badges, the page shell and its base style.
// Every page is one self-contained file: no script, no external asset, every string escaped.
import { splitCodeSpans } from '../render/code-spans.js';
import { printable } from '../render/text.js';
import type { Severity } from '../model.js';

/** Colours dark enough for white badge text (contrast >= 4.5:1) and for print. */
export const SEVERITY_COLOR: Record<Severity, string> = { critical: '#6a1b9a', high: '#c62828', medium: '#b45309', low: '#1565c0', info: '#546e7a' };

/**
 * Text as HTML: printable first (src/render/text.ts: no control or bidi character, the rule of
 * every format, so an RLO in an instance name cannot reorder the page), then the markup escaped.
 * Every string either HTML page shows passes through here.
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

/**
 * Prose with code spans (`nlserver config -reload`, src/render/code-spans.ts), as HTML: each span
 * becomes <code>, everything else is escaped text.
 */
export function codeSpansToHtml(text: string): string {
  return splitCodeSpans(text)
    .map((segment) => (segment.code ? `<code>${escapeHtml(segment.text)}</code>` : escapeHtml(segment.text)))
    .join('');
}

/** A path or element path that may wrap after each "/" (and anywhere else if it must). */
export function pathToHtml(path: string): string {
  return escapeHtml(path).replaceAll('/', '/<wbr>');
}

export function severityBadge(severity: Severity): string {
  return `<span class="sev sev-${escapeHtml(severity)}">${escapeHtml(severity)}</span>`;
}

export function htmlPage(title: string, style: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// Widths: the body never exceeds its window (max-width plus padding), every cell may break a
// long unbroken token (host names, paths, commands), and in print the page is A4 portrait with
// 12 mm margins, so the layout width is about 703 CSS px. Nothing is hidden or scrolled: print
// has no scroll bars.
const BASE_STYLE = `
:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 0.2rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; } h3 { margin: 1.2rem 0 0.4rem; }
.meta, .detail { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f2f2; overflow-wrap: normal; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0; }
svg { max-width: 100%; height: auto; }
.sev { display: inline-block; color: #fff; border-radius: 3px; padding: 0 0.4rem; font-size: 0.8em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.02em; white-space: nowrap; }
${(Object.entries(SEVERITY_COLOR) as [Severity, string][]).map(([severity, color]) => `.sev-${severity} { background: ${color}; }`).join(' ')}
.verdict { padding: 0.5rem 1rem; border-radius: 6px; border: 2px solid; margin: 1rem 0; }
.verdict h2 { border: 0; margin: 0.2rem 0; } .verdict p { margin: 0.3rem 0; }
.verdict.pass { border-color: #2e7d32; background: #e8f5e9; } .verdict.fail { border-color: #c62828; background: #ffebee; } .verdict.incomplete { border-color: #b45309; background: #fff3e0; }
footer { margin-top: 2rem; color: #555; font-size: 0.85em; }
@page { size: A4 portrait; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0 2px; font-size: 12px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  tr, .verdict, svg, pre { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;
