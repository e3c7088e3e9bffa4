import Table from 'cli-table3';
import { RULES } from '../rules/index.js';

export function rulesTable(): string {
  const table = new Table({ head: ['Rule', 'Severity', 'Summary'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, 70] as unknown as number[] });
  for (const rule of RULES) table.push([rule.id, rule.severity, rule.summary]);
  return `${table.toString()}\nSome rules set a finding's severity from its context (cutoff passed, key not effective): see each rule's page in docs/rules/.\n`;
}
