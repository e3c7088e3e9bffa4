// docs/ci.md works as written: its YAML parses into the structure GitHub Actions and GitLab CI
// read (the SARIF upload, the JUnit report artifact), the Jenkinsfile records the JUnit report
// the scan writes, and every campaign-audit command line on the page runs against a copy of the
// demo fleet (plus a host whose configuration could not be read) with the exit code it states,
// and so does each one of docs/collect.md (scan the copies, save evidence, replay it).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { DEMO_DIR } from '../helpers/demo.js';
import { pdumpLine } from '../helpers/fixtures.js';
import { headingAnchors } from '../helpers/markdown.js';

const PAGE = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'ca-ci-docs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Block {
  lang: string;
  text: string;
}

const BLOCKS: Block[] = [...PAGE.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1] ?? '', text: match[2] ?? '' }));

/** The code block whose first line is the comment `# NAME` (or `// NAME`). */
function block(name: string): Block {
  const found = BLOCKS.find((entry) => entry.text.split('\n')[0]?.replace(/^(#|\/\/) /, '') === name);
  assert.ok(found, `docs/ci.md has a block for ${name}`);
  return found;
}

/** The campaign-audit command lines of a text, each with the exit code its comment states. */
function commandLines(text: string): { line: string; exit?: number }[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(- )?/, ''))
    .filter((line) => line.startsWith('campaign-audit '))
    .map((line) => {
      const exit = /#\s*exit (\d)/.exec(line)?.[1];
      return { line: line.replace(/\s+#.*$/, '').trim(), ...(exit === undefined ? {} : { exit: Number(exit) }) };
    });
}

/** Every command of the page, in page order: sh blocks, YAML run/script steps, the Jenkinsfile's sh script. */
function pageCommands(): { line: string; exit?: number }[] {
  return BLOCKS.flatMap((entry) => {
    if (entry.lang === 'groovy') return [...entry.text.matchAll(/script: '([^']*)'/g)].flatMap((match) => commandLines(match[1] ?? ''));
    return commandLines(entry.text);
  });
}

/** The value of `-f FMT=FILE` for a format, in a command line. */
function formatFile(line: string, format: string): string | undefined {
  return new RegExp(`-f ${format}=(\\S+)`).exec(line)?.[1];
}

/** Relative paths of the page are under the scratch folder: `copies`, `reports/…`, `baseline.json`. */
function argv(line: string): string[] {
  const local = (value: string): string => (isAbsolute(value) || !/[/.]|^copies$/.test(value) ? value : join(scratch, value));
  return line
    .split(/\s+/)
    .slice(1)
    .map((token) => {
      if (token.startsWith('-')) return token;
      const separator = token.indexOf('=');
      return separator > 0 ? `${token.slice(0, separator)}=${local(token.slice(separator + 1))}` : local(token);
    });
}

before(async () => {
  // The demo fleet, plus a host with an empty conf/ and a readable banner: not scanned (exit 3).
  cpSync(DEMO_DIR, join(scratch, 'copies'), { recursive: true });
  mkdirSync(join(scratch, 'copies', 'banner-only-1', 'conf'), { recursive: true });
  writeFileSync(join(scratch, 'copies', 'banner-only-1', 'pdump.txt'), pdumpLine('7.4.1', 9383));
  mkdirSync(join(scratch, 'reports'));
  // The accepted earlier scan: the demo fleet before the new host.
  assert.equal((await runCli(['demo', '-q', '-f', `json=${join(scratch, 'baseline.json')}`])).code, 0);
  writeFileSync(join(scratch, 'ci-policy.yaml'), block('ci-policy.yaml').text);
});

describe('docs/ci.md', () => {
  it('runs every campaign-audit command line with the exit code it states; the others are never a usage error', async () => {
    const commands = pageCommands();
    assert.ok(commands.length >= 15, `found ${commands.length} commands`);
    assert.ok(commands.filter((command) => command.exit !== undefined).length >= 12);
    for (const { line, exit } of commands) {
      const run = await runCli(argv(line));
      if (exit !== undefined) assert.equal(run.code, exit, `${line}\n${run.stderr}`);
      else assert.ok([0, 1, 3].includes(run.code), `${line} exited ${run.code}: ${run.stderr}`);
      // Every flag exists: an unknown option is exit 2 and the only exit 2 the page states is meant.
      if (exit !== 2) assert.doesNotMatch(run.stderr, /unknown option|is invalid/, line);
    }
    // docs/collect.md's own command lines: scan the copies, save evidence, replay it.
    const collectPage = readFileSync(new URL('../../docs/collect.md', import.meta.url), 'utf8');
    const collectCommands = [...collectPage.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((match) => commandLines(match[1] ?? ''));
    assert.ok(collectCommands.some((command) => command.line.includes('--save-evidence')) && collectCommands.some((command) => command.line.includes('--evidence ')));
    for (const { line } of collectCommands) {
      const run = await runCli(argv(line));
      assert.ok([0, 1, 3].includes(run.code), `${line} exited ${run.code}: ${run.stderr}`);
    }
    for (const flag of ['--fail-on', '--incomplete', '--checks', '--baseline', '--policy', '--fail-on-new', '-f sarif=', '-f junit=']) {
      assert.ok(commands.some((command) => command.line.includes(flag)), `the page shows ${flag}`);
    }
  });

  it('GitHub Actions: the scan writes the SARIF file that upload-sarif uploads, even when the scan failed', () => {
    const workflow = parse(block('.github/workflows/campaign-audit.yml').text) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { 'runs-on': string; steps: { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] }>;
    };
    assert.equal(workflow.permissions['security-events'], 'write', 'upload-sarif needs security-events: write');
    assert.ok('push' in workflow.on);
    const [job] = Object.values(workflow.jobs);
    assert.ok(job?.['runs-on']);
    const scan = job.steps.find((step) => step.run?.includes('campaign-audit scan'));
    const sarifFile = formatFile(scan?.run ?? '', 'sarif');
    assert.ok(sarifFile, 'the scan step writes SARIF to a file');
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'a step uses github/codeql-action/upload-sarif');
    assert.equal(upload.with?.sarif_file, sarifFile);
    assert.equal(upload.if, 'always()');
    assert.ok(job.steps.indexOf(upload) > job.steps.indexOf(scan!));
    assert.ok(job.steps.every((step) => (step.uses === undefined) !== (step.run === undefined)), 'each step either uses an action or runs a command');
  });

  it('GitHub Actions: the pull-request workflow fails on new findings with diff --fail-on-new', () => {
    const workflow = parse(block('.github/workflows/campaign-audit-pr.yml').text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string }[] }> };
    assert.ok('pull_request' in workflow.on);
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? '')).join('\n');
    const scan = commandLines(runs).find((command) => command.line.startsWith('campaign-audit scan'));
    const diff = commandLines(runs).find((command) => command.line.startsWith('campaign-audit diff'));
    assert.ok(scan && diff);
    assert.match(diff.line, /--fail-on-new high/);
    assert.ok(diff.line.includes(formatFile(scan.line, 'json') ?? '(none)'), 'diff reads the report the scan wrote');
  });

  it('GitLab CI: the scan writes the JUnit file the job declares under artifacts:reports:junit, kept when the job fails', () => {
    const config = parse(block('.gitlab-ci.yml').text) as Record<string, unknown> & { stages: string[] };
    const job = config['campaign-audit'] as { stage: string; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } };
    assert.ok(config.stages.includes(job.stage));
    const scan = job.script.find((line) => line.startsWith('campaign-audit scan'));
    assert.equal(job.artifacts.reports.junit, formatFile(scan ?? '', 'junit'));
    assert.equal(job.artifacts.when, 'always');
  });

  it('Jenkins: a declarative pipeline whose junit step reads the file the scan writes, after keeping the exit code', () => {
    const jenkinsfile = block('Jenkinsfile').text;
    assert.match(jenkinsfile, /^pipeline \{/m);
    assert.equal(jenkinsfile.split('{').length, jenkinsfile.split('}').length, 'braces balance');
    const script = /sh\(returnStatus: true, script: '([^']*)'\)/.exec(jenkinsfile)?.[1];
    assert.ok(script, 'the scan keeps its exit code (returnStatus: true)');
    const junitFile = formatFile(script, 'junit');
    assert.match(jenkinsfile, new RegExp(`junit testResults: '${junitFile?.replace(/[.]/g, '\\.')}'`));
    for (const code of [1, 2, 3]) assert.match(jenkinsfile, new RegExp(`code == ${code}`), `exit ${code} is handled`);
  });
});

describe('docs/ci.md and docs/collect.md', () => {
  it('link only to pages and anchors that exist, and the README links to both', () => {
    const docs = new URL('../../docs/', import.meta.url);
    for (const page of ['ci.md', 'collect.md']) {
      const text = readFileSync(new URL(page, docs), 'utf8');
      for (const [, target = '', anchor] of text.matchAll(/\]\(([\w./-]*\.md)?(?:#([\w-]+))?\)/g)) {
        const linked = target === '' ? text : readFileSync(new URL(target, docs), 'utf8');
        if (anchor !== undefined) assert.ok(headingAnchors(linked).has(anchor), `${page}: ${target}#${anchor}`);
      }
    }
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.match(readme, /\]\(docs\/ci\.md\)/);
    assert.match(readme, /\]\(docs\/collect\.md\)/);
  });
});
