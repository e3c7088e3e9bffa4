// The plan as a Markdown runbook: deadlines, one section per instance with its hosts,
// prefilled IDs and ordered steps as a checklist.
import { daysSince } from '../policy.js';
import { mdCell } from '../report/markdown-text.js';
import { daysLabel } from '../report/text.js';
import type { InstancePlan, Plan, PlanStep } from './model.js';

const STATE_LABEL: Record<InstancePlan['state'], string> = {
  migrated: 'migrated',
  'in-progress': 'in progress',
  'not-started': 'not started',
  unreadable: 'configuration unreadable (fix it, then rescan)',
  'no-technical-account': 'no technical account (nothing to migrate)',
  'out-of-scope': 'Campaign v8, out of scope',
};

export function renderPlanMarkdown(plan: Plan, headingLevel = 1): string {
  const h = (level: number): string => '#'.repeat(Math.min(6, headingLevel + level - 1));
  const out: string[] = [];
  out.push(`${h(1)} Migration plan: JWT to OAuth Server-to-Server`, '');
  out.push(`As of ${plan.asOf}. Minimum release ${plan.policy.minVersion} (build ${plan.policy.minBuild}); recommended target ${plan.targetRelease.version} (build ${plan.targetRelease.build}). From the report generated ${plan.source.generatedAt} by ${plan.source.tool}.`, '');
  out.push(`${h(2)} Deadlines`, '', '| Date | Event | Status |', '| --- | --- | --- |');
  for (const entry of plan.timeline) out.push(`| ${entry.date} | ${mdCell(entry.event)} | ${daysLabel(entry.days)} |`);
  if (!plan.timeline.some((entry) => entry.date === plan.policy.cutoff)) {
    out.push(`| ${plan.policy.cutoff} | Cutoff this audit judges against | ${daysLabel(daysSince(plan.asOf, plan.policy.cutoff))} |`);
  }
  out.push('');

  out.push(`${h(2)} Summary`, '', '| Instance | State | Hosts | Next step |', '| --- | --- | --- | --- |');
  for (const instance of plan.instances) {
    const next = instance.steps.find((step) => step.status === 'todo');
    out.push(`| ${mdCell(instance.instance)} | ${STATE_LABEL[instance.state]} | ${instance.hosts.map((host) => mdCell(host.name)).join(', ')} | ${next ? mdCell(next.title) : '-'} |`);
  }
  out.push('');
  if (plan.notScanned.length > 0) {
    out.push(`**Not scanned** (their instances are not in this plan until a rescan succeeds): ${plan.notScanned.map((host) => `${mdCell(host.host)} (${host.status})`).join(', ')}.`, '');
  }

  for (const instance of plan.instances) {
    out.push(`${h(2)} Instance \`${mdCell(instance.instance)}\`: ${STATE_LABEL[instance.state]}`, '');
    out.push('| Host | Product | Version | Build | Credential |', '| --- | --- | --- | --- | --- |');
    for (const host of instance.hosts) out.push(`| ${mdCell(host.name)} | ${host.product ?? '-'} | ${mdCell(host.version ?? 'unknown')} | ${host.build ?? '-'} | ${host.credential} |`);
    out.push('');
    for (const warning of instance.warnings) out.push(`> Warning: ${mdCell(warning)}`, '');
    if (instance.steps.length === 0 || instance.state === 'no-technical-account') continue;
    out.push(`IDs from the scan: org \`${instance.ids.orgId ?? '?'}\`, client \`${instance.ids.clientId ?? '?'}\`, technical account \`${instance.ids.technicalAccountId ?? '?'}\`. Client secret: \`$${instance.secretVariable}\` (never written here).`, '');
    instance.steps.forEach((step, index) => out.push(...renderStep(step, index + 1)));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function renderStep(step: PlanStep, number: number): string[] {
  const box = step.status === 'todo' ? '[ ]' : '[x]';
  const suffix = step.status === 'not-needed' ? ' (not needed)' : step.status === 'done' ? ' (done)' : '';
  const lines = [`${number}. ${box} **${mdCell(step.title)}**${suffix}`];
  if (step.status !== 'todo') return lines;
  if (step.requires.length > 0) lines.push(`   - After: ${step.requires.join(', ')}`);
  if (step.hosts.length > 0) lines.push(`   - Hosts: ${step.hosts.map(mdCell).join(', ')}`);
  for (const note of step.notes) lines.push(`   - ${mdCell(note)}`);
  if (step.commands.length > 0) lines.push('', '   ```sh', ...step.commands.map((command) => `   ${command}`), '   ```', '');
  return lines;
}
