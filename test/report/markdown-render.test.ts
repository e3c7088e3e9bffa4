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
import { demoResult } from '../helpers/demo.js';
import { codeTexts, decodeEntities, renderMarkdown } from '../helpers/markdown.js';

const context = { color: false, width: 120 };
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
    const html = renderMarkdown(renderPlanMarkdown(buildPlan(result)));
    const codes = codeTexts(html);
    assert.ok(codes.includes('nlserver config -reload'), 'the reload command is a code span');
    assert.ok(codes.some((text) => text.includes('nlserver config -instance:prod -setimsoauth:')), 'setimsoauth in a code block');
    assert.ok(codes.includes('mid_emea'));
    assert.ok(!visible(html).includes('\\'), 'no backslash reaches the reader');
    assert.match(html, /<li>\s*(<p>)?\[ \] <strong>Upgrade every container/);
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
