import { RULES } from '../rules/index.js';
import { fitTable, wrapText } from '../render/text-layout.js';

/** `campaign-audit rules`: a table within `width` columns, or one block per rule when narrower. */
export function rulesTable(width = 80): string {
  const rows = RULES.map((rule) => [rule.id, rule.severity, rule.summary]);
  const idWidth = Math.max(...RULES.map((rule) => rule.id.length));
  const boxed = fitTable(['Rule', 'Severity', 'Summary'], rows, width, { min: [idWidth, 8, 30] });
  const body = boxed ?? RULES.flatMap((rule) => [...wrapText(`${rule.id} (${rule.severity})`, width, '  '), ...wrapText(`    ${rule.summary}`, width)]).join('\n');
  const note = wrapText("Some rules set a finding's severity from its context (cutoff passed, key not effective): see each rule's page in docs/rules/.", width);
  return `${body}\n${note.join('\n')}\n`;
}
