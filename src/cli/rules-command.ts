import { RULES } from '../rules/index.js';
import { fitTable, wrapText } from '../render/text-layout.js';

/**
 * `campaign-audit rules --json`: each rule's metadata a program may want. The first keys (id,
 * severity, summary, remediation) are the ones older versions printed; the others were added
 * beside them.
 */
export function rulesJson(): string {
  const rules = RULES.map(({ id, meta }) => ({ id, severity: meta.severity, summary: meta.summary, remediation: meta.remediation, category: meta.category, requires: meta.requires, docs: meta.docs }));
  return `${JSON.stringify(rules, null, 2)}\n`;
}

/** `campaign-audit rules`: a table within `width` columns, or one block per rule when narrower. */
export function rulesTable(width = 80): string {
  const rows = RULES.map((rule) => [rule.id, rule.meta.severity, rule.meta.summary]);
  const idWidth = Math.max(...RULES.map((rule) => rule.id.length));
  const boxed = fitTable(['Rule', 'Severity', 'Summary'], rows, width, { min: [idWidth, 8, 30] });
  const body = boxed ?? RULES.flatMap((rule) => [...wrapText(`${rule.id} (${rule.meta.severity})`, width, '  '), ...wrapText(`    ${rule.meta.summary}`, width)]).join('\n');
  const note = wrapText("Some rules set a finding's severity from its context (cutoff passed, key not effective): see each rule's page in docs/rules/.", width);
  return `${body}\n${note.join('\n')}\n`;
}
