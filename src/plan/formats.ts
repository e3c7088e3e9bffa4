// The formats of `plan -f`; `PlanFormat` is derived from this registry. A new plan format is one
// more file beside markdown.ts, sh.ts and ansible.ts and one more entry here.
import type { OutputFormat } from '../render/output-format.js';
import { safeJson } from '../render/text.js';
import { renderPlanAnsible } from './ansible.js';
import { renderPlanMarkdown } from './markdown.js';
import type { Plan } from './model.js';
import { renderPlanSh } from './sh.js';

export const planFormats = {
  markdown: { render: (plan) => renderPlanMarkdown(plan), summary: 'the runbook, grouped by Campaign instance' },
  json: { render: (plan) => safeJson(plan), summary: 'the whole plan (docs/reports.md)' },
  // Executable when written to a file: the script is meant to be run (`./plan.sh --execute`).
  sh: { render: (plan) => renderPlanSh(plan), summary: 'a dry-run script; --execute runs it', mode: 0o755 },
  ansible: { render: (plan) => renderPlanAnsible(plan), summary: 'an Ansible playbook (serial, --check, no_log); docs/plan.md' },
} satisfies Record<string, OutputFormat<Plan>>;

export type PlanFormat = keyof typeof planFormats;
