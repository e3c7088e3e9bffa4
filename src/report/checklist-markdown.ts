// The hardening checklist as Markdown (`-f checklist`): a summary per item, then each host and
// instance with every item's status, the findings and reasons below its table, then the items
// checked by hand and Adobe's pages. Tables have two to seven short columns, so they read at 80
// columns; long text goes in bullets. Every value from a report goes through md/mdRow/code.
import { ADOBE_PAGES, type AdobePage, type ChecklistItem } from '../data/hardening-checklist.js';
import type { Finding } from '../model.js';
import { code, md, mdDocument, mdJoin, mdProse, mdRaw, mdRow, type Md } from '../render/markdown-text.js';
import { hostVersionLabel } from '../render/text.js';
import { CHECKLIST_STATUS_LABEL, judgeChecklist, scopeLabel, type Checklist, type ChecklistEntry, type ChecklistScope } from './checklist-model.js';
import type { Reporter } from './types.js';

export const checklistMarkdown: Reporter = (result, { builds }) => {
  const checklist = judgeChecklist(result);
  const out: (Md | string)[] = ['# Campaign server hardening checklist', ''];
  out.push(md`As of ${result.asOf}; generated ${result.generatedAt} by ${result.tool.name} ${result.tool.version}. Checks run: ${checklist.checks.join(', ')}.`, '');
  out.push(...introduction(checklist), '');
  out.push('## Summary', '', '| Item | Pass | Fail | Waived | N/A | Not checked |', '| --- | --- | --- | --- | --- | --- |');
  for (const item of checklist.items.filter((one) => one.kind === 'rules')) {
    const entries = checklist.scopes.map((scope) => entryOf(scope, item));
    const count = (status: ChecklistEntry['status']): number => entries.filter((entry) => entry.status === status).length;
    out.push(mdRow([code(item.id), count('pass'), count('fail'), count('waived'), count('not-applicable'), count('not-checked')]));
  }
  out.push('');
  for (const scope of checklist.scopes) out.push(...scopeSection(scope, hostVersionLabel(scope.host, builds) ?? 'unknown'));
  out.push(...manualSection(checklist), ...itemsSection(checklist));
  return mdDocument(out);
};

function introduction(checklist: Checklist): Md[] {
  const judged = checklist.items.filter((item) => item.kind === 'rules').length;
  const manual = checklist.items.length - judged;
  return [
    md`Every item of Adobe's server hardening guidance, on every host and instance: ${judged} items judged from the configuration files, ${manual} checked by hand (section "Checked by hand"). Statuses: pass, FAIL (with the findings), waived (findings covered by a waiver), n/a (does not apply here, with why), not checked (with why and what would check it), manual.`,
  ];
}

function entryOf(scope: ChecklistScope, item: ChecklistItem): ChecklistEntry {
  // judgeChecklist gives every scope one entry per item, in item order.
  return scope.entries.find((entry) => entry.item.id === item.id) as ChecklistEntry;
}

function scopeSection(scope: ChecklistScope, version: string): (Md | string)[] {
  const out: (Md | string)[] = [md`## ${scopeLabel(scope)}`, ''];
  const host = scope.host;
  out.push(md`Status ${host.status}${host.status === 'ok' ? md`, ${host.product ?? 'unknown product'} ${version}` : ''}.`, '');
  const judged = scope.entries.filter((entry) => entry.item.kind === 'rules');
  out.push('| Item | Result |', '| --- | --- |', ...judged.map((entry) => mdRow([code(entry.item.id), mdRaw(statusCell(entry))])), '');
  const notes: Md[] = judged.flatMap((entry) => entry.findings.map((finding) => md`- ${code(entry.item.id)}: ${findingText(finding)}`));
  // Items not judged for the same reason (the host not scanned, --checks) share one line.
  for (const [reason, ids] of groupBy(judged.filter((entry) => entry.findings.length === 0 && entry.reason !== undefined), (entry) => entry.reason ?? '')) {
    notes.push(md`- ${mdJoin(ids.map((entry) => code(entry.item.id)), ', ')}: ${reason}`);
  }
  if (notes.length > 0) out.push(...notes, '');
  const manual = scope.entries.filter((entry) => entry.item.kind === 'manual');
  const byHand = manual.filter((entry) => entry.status === 'manual').length;
  const notApplicable = manual.filter((entry) => entry.status === 'not-applicable');
  if (byHand > 0) out.push(md`Checked by hand: ${byHand} items apply here (section "Checked by hand").`, '');
  if (notApplicable.length > 0) out.push(md`Not applicable here (Adobe manages these on Managed Cloud Services; why for each in "Checked by hand"): ${mdJoin(notApplicable.map((entry) => code(entry.item.id)), ', ')}.`, '');
  return out;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(key(value), [...(groups.get(key(value)) ?? []), value]);
  return groups;
}

function statusCell(entry: ChecklistEntry): string {
  const label = CHECKLIST_STATUS_LABEL[entry.status];
  const shown = entry.status === 'fail' ? `**${label}**` : label;
  return entry.findings.length > 1 ? `${shown} (${entry.findings.length})` : shown;
}

function findingText(finding: Finding): Md {
  const where = [finding.file, finding.path].filter((part): part is string => part !== null && part !== '');
  const evidence = where.length === 0 ? '' : md` (${mdJoin(where.map(code), ' ')})`;
  const mark = finding.waived ? md` _(waived: ${finding.waiverReason ?? ''})_` : finding.baseline === true ? md` _(in baseline)_` : '';
  return md`${finding.severity} ${code(finding.ruleId)}: ${finding.message}${evidence}${mark}`;
}

function manualSection(checklist: Checklist): (Md | string)[] {
  const out: (Md | string)[] = ['## Checked by hand', '', 'No configuration file shows these: check them on every host, from the page named.', ''];
  for (const item of checklist.items) {
    if (item.kind !== 'manual') continue;
    out.push(md`### ${code(item.id)}`, '', md`${item.title}.`, '', md`How: ${mdProse(item.manual)}`, '', md`Adobe: ${link(item.page)}`, '');
    if (item.hosted !== undefined) out.push(md`Hosted and Managed Cloud Services: ${item.hosted}`, '');
  }
  return out;
}

function itemsSection(checklist: Checklist): (Md | string)[] {
  const out: (Md | string)[] = ['## Items judged from the configuration', ''];
  for (const item of checklist.items) {
    if (item.kind !== 'rules') continue;
    out.push(md`- ${code(item.id)}: ${item.title}. Rules: ${mdJoin(item.rules.map(code), ', ')}. Adobe: ${link(item.page)}.`);
  }
  out.push('', "## Adobe's pages", '', ...Object.values(ADOBE_PAGES).map((page) => md`- ${link(page)}`));
  return out;
}

function link(page: AdobePage): Md {
  // The pages are this project's own constants, never a value from a report: the URL is written as is.
  return md`[${page.title}](${mdRaw(page.url)})`;
}
