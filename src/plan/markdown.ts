// The plan as a Markdown runbook: deadlines, one section per instance with its hosts,
// prefilled IDs and ordered steps as a checklist. Every value goes through `md`, mdRow,
// code() or fence() (src/render/markdown-text.ts): nothing from a report can add markup.
import { daysSince } from '../dates.js';
import { code, fence, md, mdDocument, mdJoin, mdProse, mdRaw, mdRow, type Md } from '../render/markdown-text.js';
import { daysLabel } from '../render/text.js';
import { renderAction } from './actions.js';
import { INSTANCE_STATE_LABEL, type InstancePlan, type Plan, type PlanStep } from './model.js';
import { routeText } from './route.js';

const STATE_LABEL: Record<InstancePlan['state'], string> = {
  ...INSTANCE_STATE_LABEL,
  unreadable: `${INSTANCE_STATE_LABEL.unreadable} (fix it, then rescan)`,
  'no-technical-account': `${INSTANCE_STATE_LABEL['no-technical-account']} (nothing to migrate)`,
};

export function renderPlanMarkdown(plan: Plan, headingLevel = 1): string {
  const h = (level: number): string => '#'.repeat(Math.min(6, headingLevel + level - 1));
  const out: (Md | string)[] = [];
  out.push(`${h(1)} Migration plan: JWT to OAuth Server-to-Server`, '');
  out.push(
    md`As of ${plan.asOf}. Minimum release ${plan.policy.minVersion} (build ${plan.policy.minBuild}); recommended target ${plan.targetRelease.version} (build ${plan.targetRelease.build}). From the report generated ${plan.source.generatedAt} by ${plan.source.tool}.`,
    '',
  );
  out.push(md`**JWT phase: ${plan.phase.summary}.** ${plan.phase.text}`, '');
  out.push(`${h(2)} Deadlines`, '', '| Date | Event | Status |', '| --- | --- | --- |');
  for (const entry of plan.timeline) out.push(mdRow([entry.date, entry.event, daysLabel(entry.days)]));
  if (!plan.timeline.some((entry) => entry.date === plan.policy.cutoff)) {
    out.push(mdRow([plan.policy.cutoff, 'Cutoff this audit judges against', daysLabel(daysSince(plan.asOf, plan.policy.cutoff))]));
  }
  out.push('');

  out.push(`${h(2)} Summary`, '', '| Instance | State | Hosts | Next step |', '| --- | --- | --- | --- |');
  for (const instance of plan.instances) {
    const next = instance.steps.find((step) => step.status === 'todo');
    out.push(mdRow([code(instance.instance), STATE_LABEL[instance.state], mdJoin(instance.hosts.map((host) => host.name), ', '), next ? mdProse(next.title) : '-']));
  }
  out.push('');
  if (plan.notScanned.length > 0) {
    const hosts = mdJoin(plan.notScanned.map((host) => md`${host.host} (${host.status})`), ', ');
    out.push(md`**Not scanned** (their instances are not in this plan until a rescan succeeds): ${hosts}.`, '');
  }

  for (const instance of plan.instances) {
    out.push(md`${mdRaw(h(2))} Instance ${code(instance.instance)}: ${STATE_LABEL[instance.state]}`, '');
    out.push('| Host | Product | Version | Build | Credential | Reached as |', '| --- | --- | --- | --- | --- | --- |');
    for (const host of instance.hosts) out.push(mdRow([host.name, host.product ?? '-', host.version ?? 'unknown', host.build ?? '-', host.credential, host.route ? routeText(host.route) : 'not recorded']));
    out.push('');
    for (const warning of instance.warnings) out.push(md`> Warning: ${mdProse(warning)}`, '');
    if (instance.steps.length === 0 || instance.state === 'no-technical-account') continue;
    const { orgId, clientId, technicalAccountId } = instance.ids;
    out.push(md`IDs from the scan: org ${code(orgId ?? '?')}, client ${code(clientId ?? '?')}, technical account ${code(technicalAccountId ?? '?')}. Client secret: ${code(`$${instance.secretVariable}`)} (never written here).`, '');
    instance.steps.forEach((step, index) => out.push(...renderStep(step, index + 1)));
  }
  out.push(...renderRollback(plan, h(2)));
  return mdDocument(out);
}

function renderStep(step: PlanStep, number: number): (Md | string)[] {
  const box = step.status === 'todo' ? '[ ]' : '[x]';
  const suffix = step.status === 'not-needed' ? ' (not needed)' : step.status === 'done' ? ' (done)' : '';
  const lines: (Md | string)[] = [md`${number}. ${mdRaw(box)} **${mdProse(step.title)}**${suffix}`];
  if (step.status !== 'todo') return lines;
  if (step.requires.length > 0) lines.push(md`   - After: ${step.requires.join(', ')}`);
  if (step.hosts.length > 0) lines.push(md`   - Hosts: ${mdJoin(step.hosts, ', ')}`);
  for (const note of step.notes) lines.push(md`   - ${mdProse(note)}`);
  if (step.commands.length > 0) lines.push('', ...fence(step.commands, 'sh', '   '), '');
  return lines;
}

/**
 * How to undo what the set-oauth and reload steps changed, host by host, and what the console
 * side allows (docs/plan.md#rollback).
 */
function renderRollback(plan: Plan, heading: string): (Md | string)[] {
  const out: (Md | string)[] = [`${heading} Rollback`, ''];
  out.push(
    md`On a host where setimsoauth ran, put back the backup the set-oauth step made (same STAMP), reload, and restart the same modules, in Campaign's install dir after sourcing env.sh, as neolane. Do it for the host that failed before touching the next one; hosts already done and verified can stay on OAuth.`,
    '',
    md`In Adobe Developer Console, the OAuth Server-to-Server credential and the Service Account (JWT) one coexist until the JWT one is deleted: do not delete it (the cleanup step) until the OAuth one is proven in use on every host. After 2026-03-01 a JWT key no longer works, so the rollback brings back the configuration, not a working integration.`,
    '',
  );
  const instances = plan.instances.filter((instance) => instance.rollback.length > 0);
  if (instances.length === 0) out.push('No instance has setimsoauth steps to undo.', '');
  for (const instance of instances) {
    out.push(md`- Instance ${code(instance.instance)}:`, '', ...fence(instance.rollback.map(renderAction), 'sh', '  '), '');
  }
  return out;
}
