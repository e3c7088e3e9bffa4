// The published JSON Schemas (docs/*.schema.json) are generated from the zod schemas the CLI
// loads reports with, are not stale, and accept what the CLI writes: scan JSON (plain, with
// waivers and a baseline, replayed from evidence, converted), plan JSON and diff JSON, checked
// with an independent validator (ajv).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SCHEMA_FILES, schemaText } from '../../scripts/report-schema.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { ROOT } from '../helpers/cli-process.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';

const require = createRequire(import.meta.url);
type Validator = { validate(schema: object, data: unknown): boolean; errors: unknown };
const Ajv = require('ajv') as new (options: object) => Validator;
const ajv = new Ajv({ allErrors: true });
const schema = (file: keyof typeof SCHEMA_FILES): object => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as object;

function assertValid(file: keyof typeof SCHEMA_FILES, json: string, what: string): void {
  const data = JSON.parse(json) as unknown;
  assert.ok(ajv.validate(schema(file), data), `${what} against ${file}: ${JSON.stringify(ajv.errors)}`);
}

describe('JSON schemas', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'campaign-audit-schema-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('docs/*.schema.json are what `npm run schema` generates (not stale)', () => {
    for (const [file, zodSchema] of Object.entries(SCHEMA_FILES)) {
      assert.equal(readFileSync(join(ROOT, file), 'utf8'), schemaText(zodSchema), `${file} is stale: run npm run schema`);
    }
  });

  it('every JSON the CLI writes validates against its published schema', async () => {
    const report = join(scratch, 'demo.json');
    const demo = await runCli(['demo', '-q', '-f', `json=${report}`]);
    assert.equal(demo.code, 0, demo.stderr);
    assertValid('docs/report.schema.json', readFileSync(report, 'utf8'), 'demo JSON');

    // Waivers (applied, expired, unmatched) and a baseline fill the optional parts.
    const saved = JSON.parse(readFileSync(report, 'utf8')) as { findings: { fingerprint: string; ruleId: string; host: string }[] };
    const [first, second] = saved.findings;
    const waivers = join(scratch, 'waivers.yaml');
    writeFileSync(
      waivers,
      [
        'waivers:',
        `  - fingerprint: ${first!.fingerprint}`,
        '    reason: accepted until the upgrade',
        '    expires: 2099-01-01',
        `  - ruleId: ${second!.ruleId}`,
        `    host: ${second!.host}`,
        '    reason: expired',
        '    expires: 2020-01-01',
        '  - ruleId: build/unknown',
        '    host: no-such-host',
        '    reason: stale',
        '    expires: 2099-01-01',
        '',
      ].join('\n'),
    );
    const evidence = join(scratch, 'evidence');
    const full = await runCli(['scan', '--dir', DEMO_DIR, '-q', '--waivers', waivers, '--baseline', report, '--save-evidence', evidence, '-f', 'json']);
    assert.equal(full.code, 0, full.stderr);
    const withExtras = JSON.parse(full.stdout) as { waivers?: { applied: unknown[]; expired: unknown[]; unmatched: unknown[] }; summary: { baseline?: unknown } };
    assert.ok(withExtras.waivers !== undefined && withExtras.waivers.applied.length > 0 && withExtras.waivers.expired.length > 0 && withExtras.waivers.unmatched.length > 0);
    assert.ok(withExtras.summary.baseline !== undefined);
    assertValid('docs/report.schema.json', full.stdout, 'scan JSON with waivers and a baseline');

    const replayed = await runCli(['scan', '--evidence', evidence, '-q', '-f', 'json']);
    assertValid('docs/report.schema.json', replayed.stdout, 'scan JSON from --evidence');
    const converted = await runCli(['convert', report, '-f', 'json']);
    assert.equal(converted.code, 0, converted.stderr);
    assertValid('docs/report.schema.json', converted.stdout, 'convert -f json');

    const plan = await runCli(['plan', report, '-f', 'json']);
    assert.equal(plan.code, 0, plan.stderr);
    assertValid('docs/plan.schema.json', plan.stdout, 'plan JSON');

    const later = join(scratch, 'later.json');
    writeFileSync(later, full.stdout);
    const diff = await runCli(['diff', report, later, '-f', 'json']);
    assert.ok(diff.code === 0 || diff.code === 1, diff.stderr);
    assertValid('docs/diff.schema.json', diff.stdout, 'diff JSON');
  });

  it('the schemas are not vacuous: a wrong field fails them', async () => {
    const demo = JSON.parse((await runCli(['demo', '-q', '-f', 'json'])).stdout) as { hosts: { status: string }[]; findings: { severity: string }[]; extra?: unknown };
    const badStatus = structuredClone(demo);
    badStatus.hosts[0]!.status = 'fine';
    assert.equal(ajv.validate(schema('docs/report.schema.json'), badStatus), false);
    const badSeverity = structuredClone(demo);
    badSeverity.findings[0]!.severity = 'severe';
    assert.equal(ajv.validate(schema('docs/report.schema.json'), badSeverity), false);
    assert.equal(ajv.validate(schema('docs/report.schema.json'), { ...demo, extra: 1 }), false, 'an undocumented field');
    assert.equal(ajv.validate(schema('docs/plan.schema.json'), demo), false, 'a scan report is not a plan');
  });

  it('docs/reports.md names every field of every schema and every CSV column', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'reports.md'), 'utf8');
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const properties = (node as { properties?: Record<string, unknown> }).properties;
        if (properties !== undefined) for (const name of Object.keys(properties)) names.add(name);
        Object.values(node).forEach(walk);
      }
    };
    for (const file of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
      walk(schema(file));
      assert.ok(doc.includes(`(${file.replace('docs/', '')})`), `links ${file}`);
    }
    for (const name of names) assert.ok(doc.includes(name), `docs/reports.md does not name the field "${name}"`);
    for (const column of CSV_COLUMNS) assert.ok(doc.includes(column), `docs/reports.md does not name the CSV column "${column}"`);
  });
});
