import Table from 'cli-table3';
import { RULES } from '../rules/index.js';

export function rulesTable(): string {
  const table = new Table({ head: ['Rule', 'Severity', 'Summary'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, 70] as unknown as number[] });
  for (const rule of RULES) table.push([rule.id, rule.severity, rule.summary]);
  return `${table.toString()}\nSeverities can be raised per finding as each rule's page in docs/rules/ explains.\n`;
}
