// Golden files (issue #10): one checked-in expected output per format for the demo fleet at a
// fixed --as-of, so that a change of layout or wording shows up in review as a diff of these
// files. Only the generation time and the tool version are normalized.
//
//   UPDATE_GOLDEN=1 npm test                                   rewrites them all
//   UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden     the same, this file only
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { toolInfo } from '../../src/cli/tool.js';
import { runCli } from '../helpers/cli.js';
import { NOW } from '../helpers/fixtures.js';
import { withRoutes } from '../helpers/routes.js';
import type { ScanResult } from '../../src/model.js';
import { lineDiff } from './line-diff.js';

const GOLDEN = fileURLToPath(new URL('.', import.meta.url));
const AS_OF = '2026-11-27';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const scratch = mkdtempSync(join(tmpdir(), 'ca-golden-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The generation time (any of its spellings) and the tool version become placeholders. */
export function normalize(text: string): string {
  const stamp = NOW.toISOString().replace(/\.000Z$/, '');
  const version = toolInfo().version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text
    .replace(new RegExp(`${stamp}(?:\\.000)?Z?`, 'g'), '<generated>')
    .replace(new RegExp(`(campaign-audit |"(?:semanticV|v)ersion": ")${version}\\b`, 'g'), '$1<version>')
    .split(scratch)
    .join('<tmp>');
}

async function output(args: string[], columns = 120): Promise<string> {
  const run = await runCli(args, { columns });
  assert.ok(run.code === 0 || run.code === 1, `${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
  return normalize(run.stdout);
}

const demo = (format: string): string[] => ['demo', '--as-of', AS_OF, '-q', '-f', format];

async function planOf(format: string): Promise<string> {
  const report = join(scratch, 'demo-report.json');
  if (!existsSync(report)) writeFileSync(report, (await runCli(demo('json'))).stdout);
  return output(['plan', report, '-f', format]);
}

/**
 * The demo as an SSH scan would report it (hosts[].route): direct hosts on port 22022, one
 * behind two jump hosts with its own key and a become user, so the runners' output shows every
 * part of a route.
 */
async function routedPlanOf(format: string): Promise<string> {
  const report = join(scratch, 'demo-routed.json');
  if (!existsSync(report)) {
    const demoReport = JSON.parse((await runCli(demo('json'))).stdout) as ScanResult;
    const routed = withRoutes(demoReport, (index) => ({
      address: `10.0.0.${index + 1}`,
      port: 22022,
      user: index === 2 ? 'ops' : 'neolane',
      ...(index === 2 ? { jump: [{ address: 'bastion.example.test', port: 22, user: 'ops', identityFiles: ['/home/ops/.ssh/bastion_ed25519'] }, { address: '192.0.2.10', port: 2222, user: 'ops' }], become: 'neolane', identityFiles: ['/home/ops/.ssh/campaign_ed25519'] } : {}),
      knownHosts: ['/home/ops/.ssh/known_hosts'],
      hostKeyPolicy: 'strict',
    }));
    writeFileSync(report, JSON.stringify(routed));
  }
  return output(['plan', report, '-f', format]);
}

const CASES: Record<string, () => Promise<string>> = {
  'demo.table-80.txt': () => output(demo('table'), 80),
  'demo.table-120.txt': () => output(demo('table'), 120),
  'demo.md': () => output(demo('markdown')),
  'demo.csv': () => output(demo('csv')),
  'demo.html': () => output(demo('html')),
  'demo.sarif': () => output(demo('sarif')),
  'demo.junit.xml': () => output(demo('junit')),
  'demo.json': () => output(demo('json')),
  // Every category, so the checklist judges its items rather than marking them not run.
  'demo.checklist.md': () => output(['demo', '--as-of', AS_OF, '-q', '--checks', 'migration,security,hardening', '-f', 'checklist']),
  'plan.md': () => planOf('markdown'),
  'plan.sh': () => planOf('sh'),
  'plan-routed.md': () => routedPlanOf('markdown'),
  'plan-routed.sh': () => routedPlanOf('sh'),
  'plan.ansible.yml': () => planOf('ansible'),
  'plan-routed.ansible.yml': () => routedPlanOf('ansible'),
};

describe(`golden files (test/golden/; UPDATE_GOLDEN=1 rewrites them)`, () => {
  for (const [name, produce] of Object.entries(CASES)) {
    it(name, async () => {
      const actual = await produce();
      const file = join(GOLDEN, name);
      if (UPDATE || !existsSync(file)) {
        writeFileSync(file, actual);
        if (!UPDATE) assert.fail(`${name} did not exist and was written; review and commit it`);
        return;
      }
      const expected = readFileSync(file, 'utf8');
      if (actual !== expected) assert.fail(`${name} differs from its golden file (- golden, + now). If the change is intended: UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden\n${lineDiff(expected, actual)}`);
    });
  }
});
