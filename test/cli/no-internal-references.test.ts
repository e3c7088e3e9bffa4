// Nothing a user reads cites the project's internal notes (issue #10): README, docs/ (rule pages
// included), every string literal and comment of the built CLI, and the demo's reports and plan. Users have
// Adobe's public pages, not the project's design notes or "the seed page". Code comments do not
// cite them either (test/package/self-documented.test.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import ts from 'typescript';
import { planFormats } from '../../src/plan/formats.js';
import { reporters } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { ensureBuilt, ROOT } from '../helpers/cli-process.js';

// "§ 8", "§3.6": a section number of those notes (a lone "§" in a dependency's character table is not one).
const INTERNAL = /DESIGN\.md|DOMAIN\.md|seed page|seed document|\(seed\)|§ ?\d/i;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

function offending(text: string): string[] {
  return text.split('\n').filter((line) => INTERNAL.test(line));
}

/** Every string and template-literal piece of a JavaScript file: what the program can print. */
function stringLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('no internal references in what users read', () => {
  before(() => ensureBuilt());

  it('README.md and every page under docs/', () => {
    const files = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];
    assert.ok(files.length > 10, `only ${files.length} files found`);
    const found = files.flatMap((file) => offending(readFileSync(file, 'utf8')).map((line) => `${relative(ROOT, file)}: ${line.slice(0, 160)}`));
    assert.deepEqual(found, []);
  });

  it('the string literals and the whole text of the built CLI (dist/bundle and the chunks it loads)', () => {
    const entry = join(ROOT, 'dist', 'bundle', 'campaign-audit.js');
    const chunks = [...new Set(readFileSync(entry, 'utf8').match(/chunk-[A-Z0-9]+\.js/g) ?? [])].map((name) => join(ROOT, 'dist', 'bundle', name));
    const strings = [entry, ...chunks].flatMap((file) => stringLiterals(file));
    // The scan must see the CLI's own words, or it proves nothing.
    assert.ok(strings.some((text) => text.includes('nothing to scan')), 'the CLI messages were not found in the bundle');
    assert.deepEqual(strings.filter((text) => INTERNAL.test(text)).map((text) => text.slice(0, 160)), []);
    // The package ships these files, and esbuild keeps a comment that sits inside an expression
    // (an object or array literal): such a comment must not cite the notes either. Comments at
    // statement level are dropped from the bundle and may.
    const lines = [entry, ...chunks].flatMap((file) => offending(readFileSync(file, 'utf8')).map((line) => `${relative(ROOT, file)}: ${line.trim().slice(0, 160)}`));
    assert.deepEqual(lines, []);
  });

  it('the demo report in every format, and the plan', async () => {
    for (const format of Object.keys(reporters)) {
      const run = await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', format]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(offending(run.stdout), [], format);
    }
    const json = (await runCli(['demo', '--as-of', '2026-11-27', '-q', '-f', 'json'])).stdout;
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ca-refs-'));
    try {
      writeFileSync(join(dir, 'r.json'), json);
      for (const format of Object.keys(planFormats)) {
        const plan = await runCli(['plan', join(dir, 'r.json'), '-f', format]);
        assert.equal(plan.code, 0, plan.stderr);
        assert.deepEqual(offending(plan.stdout), [], `plan ${format}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
