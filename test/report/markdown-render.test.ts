// Markdown that renders right: rendered with a CommonMark renderer (markdown-it, GFM tables),
// code spans hold exactly the path or command (nothing escaped inside them), and text shows
// without stray backslashes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { code, fence, md, mdRow, mdText } from '../../src/render/markdown-text.js';
import { markdown } from '../../src/report/markdown.js';
import { renderDiff } from '../../src/report/diff.js';
import { diffReports } from '../../src/history/diff.js';
import { demoResult } from '../helpers/demo.js';
import { codeTexts, decodeEntities, renderMarkdown } from '../helpers/markdown.js';
import { reportContext, BUILDS } from '../helpers/fixtures.js';

const context = reportContext();
let result: ScanResult;
before(async () => {
  result = await demoResult();
});

/** Rendered text with tags removed and entities decoded: what a reader sees. */
const visible = (html: string): string => decodeEntities(html.replace(/<[^>]+>/g, ''));

describe('Markdown report', () => {
  it('shows every evidence path and rule id as exact code', () => {
    const html = renderMarkdown(markdown(result, context));
    const codes = codeTexts(html);
    assert.ok(codes.includes('conf/config-mid_emea.xml'), 'the path copies exactly, no backslash');
    for (const finding of result.findings) {
      assert.ok(codes.includes(finding.ruleId), finding.ruleId);
      if (finding.file) assert.ok(codes.includes(finding.file), finding.file);
      if (finding.path) assert.ok(codes.includes(finding.path), finding.path);
    }
  });

  it('shows text without stray backslashes and every host in its table row', () => {
    const html = renderMarkdown(markdown(result, context));
    assert.ok(!visible(html).includes('\\'), 'no backslash reaches the reader');
    for (const host of result.hosts) assert.match(html, new RegExp(`<td>${host.name}</td>`), host.name);
    for (const finding of result.findings) assert.ok(visible(html).includes(finding.message), finding.message);
  });
});

describe('plan Markdown', () => {
  it('renders commands as code and checkboxes as a task list, with no stray backslash', () => {
    const html = renderMarkdown(renderPlanMarkdown(buildPlan(result, BUILDS)));
    const codes = codeTexts(html);
    assert.ok(codes.includes('nlserver config -reload'), 'the reload command is a code span');
    assert.ok(codes.some((text) => text.includes('nlserver config -instance:prod -setimsoauth:')), 'setimsoauth in a code block');
    assert.ok(codes.includes('mid_emea'));
    assert.ok(!visible(html).includes('\\'), 'no backslash reaches the reader');
    assert.match(html, /<li>\s*(<p>)?\[ \] <strong>Upgrade every container/);
  });
});

/** The demo with backticks in an instance name, a file and a path: values a code span must hold exactly. */
function withBackticks(report: ScanResult): ScanResult {
  const rename = (name: string | null): string | null => (name === 'prod' ? 'pr`od' : name);
  return {
    ...report,
    hosts: report.hosts.map((host) => ({ ...host, instances: host.instances.map((instance) => ({ ...instance, name: rename(instance.name) ?? '' })) })),
    findings: report.findings.map((finding, index) => ({
      ...finding,
      instance: rename(finding.instance),
      ...(index === 0 ? { file: 'conf/config-``odd`.xml', path: '`serverconf`/shared' } : {}),
    })),
  };
}

describe('values with backticks', () => {
  it('report: the file and path come back exactly as code', () => {
    const odd = withBackticks(result);
    const codes = codeTexts(renderMarkdown(markdown(odd, context)));
    assert.ok(codes.includes('conf/config-``odd`.xml'), codes.join(' | '));
    assert.ok(codes.includes('`serverconf`/shared'));
  });

  it('plan: the instance name comes back exactly as code', () => {
    const html = renderMarkdown(renderPlanMarkdown(buildPlan(withBackticks(result), BUILDS)));
    assert.ok(codeTexts(html).includes('pr`od'), codeTexts(html).join(' | '));
    assert.ok(!visible(html).includes('\\`'), 'no escaped backtick reaches the reader');
  });
});

describe('diff Markdown', () => {
  it('shows rule ids as exact code and messages as plain text, for new and resolved findings', () => {
    const older: ScanResult = { ...result, findings: result.findings.slice(3) };
    const newer = withBackticks(result);
    for (const [diff, findings] of [[diffReports(older, newer), newer.findings.slice(0, 3)], [diffReports(newer, older), newer.findings.slice(0, 3)]] as const) {
      const html = renderMarkdown(renderDiff(diff, 'markdown'));
      const codes = codeTexts(html);
      assert.ok(findings.length > 0);
      for (const finding of findings) {
        assert.ok(codes.includes(finding.ruleId), finding.ruleId);
        assert.ok(visible(html).includes(finding.message), finding.message);
      }
      assert.ok(!visible(html).includes('\\'), 'no backslash reaches the reader');
    }
  });
});

describe('markdown-text', () => {
  const rendered = (markdownText: string): string => renderMarkdown(markdownText);
  it('code(): a fence longer than any backtick run, padding where CommonMark strips it', () => {
    for (const text of ['a`b', '``x``', '`leading', 'trailing`', ' both ', 'conf/config-a_b*c.xml', '<b>&amp;</b>', '[x](http://e)']) {
      const html = rendered(md`x ${code(text)} y`.markdown);
      assert.deepEqual(codeTexts(html), [text], `${JSON.stringify(text)} → ${md`${code(text)}`.markdown}`);
    }
    assert.equal(code('a``b').markdown, '```a``b```');
  });

  it('code(): in a table a value with a pipe is exact text, the cell is not split', () => {
    const table = ['| a | b |', '| --- | --- |', mdRow([code('x|y`z'), 'after']).markdown].join('\n');
    const html = rendered(table);
    assert.match(html, /<td>x\|y`z<\/td>\s*<td>after<\/td>/);
  });

  it('mdText(): renders to exactly the text, on one line, and only a leading block marker is escaped', () => {
    for (const text of ['# not a heading', '- not a list', '1. not a list', '7.4.1', 'a_b*c*', '\\back\\slash', '<script>x</script>', '&amp;', '$x$ ~~y~~', 'a|b']) {
      const html = rendered(`${mdText(text)}\n`);
      assert.equal(visible(html).trim(), text, `${JSON.stringify(text)} → ${mdText(text)}`);
    }
    assert.equal(mdText('7.4.1 mkt-prod-1'), '7.4.1 mkt-prod-1', 'no escape where none is needed');
    assert.equal(mdText('a\nb'), 'a b');
  });

  it('fence(): no line of the content closes the block', () => {
    const html = rendered([...fence(['echo ```', '````', 'done'], 'sh')].join('\n'));
    assert.deepEqual(codeTexts(html), ['echo ```\n````\ndone\n']);
  });
});
