// Writes the rule tables of README.md and docs/rules/README.md from the rule registry (each
// rule's id with a link to its page, category, severity, products and summary), between the
// marker comments of each file; the prose around them is left as it is. `npm run docs:rules`
// after adding a rule or changing its metadata; test/rules/docs-tables.test.ts fails while
// either file differs from what this script would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { RULES } from '../src/rules/index.js';

/** The files that hold a rule table, relative to the package root. */
export const RULE_TABLE_FILES = ['README.md', 'docs/rules/README.md'] as const;

export const TABLE_START = '<!-- rules-table:start (generated from src/rules by `npm run docs:rules`: edit the rules, not this table) -->';
export const TABLE_END = '<!-- rules-table:end -->';

/** The rule table as `file` shows it: the links are relative to that file's folder. */
export function ruleTable(file: string): string {
  const rows = RULES.map(({ id, meta }) => {
    const severity = meta.severityNote === undefined ? meta.severity : `${meta.severity}; ${meta.severityNote}`;
    const link = posix.relative(posix.dirname(file), meta.docs.url);
    return `| [${id}](${link}) | ${meta.category} | ${cell(severity)} | ${meta.products.join(', ')} | ${cell(meta.summary)} |`;
  });
  return ['| Rule | Category | Severity | Products | Summary |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** `text` (the content of `file`) with its rule table rewritten; throws unless it holds each marker once, in order. */
export function withRuleTable(text: string, file: string): string {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start || text.indexOf(TABLE_START, start + 1) >= 0 || text.indexOf(TABLE_END, end + 1) >= 0) {
    throw new Error(`${file}: expected one "${TABLE_START}" line followed by one "${TABLE_END}" line`);
  }
  return `${text.slice(0, start)}${TABLE_START}\n${ruleTable(file)}\n${text.slice(end)}`;
}

/** A Markdown table cell: a `|` would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url);
  for (const file of RULE_TABLE_FILES) {
    const url = new URL(file, root);
    const text = readFileSync(url, 'utf8');
    const updated = withRuleTable(text, file);
    if (updated !== text) writeFileSync(url, updated);
    console.log(`${updated === text ? 'unchanged' : 'wrote'} ${file}`);
  }
}
