// The project documents itself (issue 24, item 7): its sources, tests, scripts and pages cite
// only what a reader of this repository has: a page of docs/ (or the README), with an anchor
// that exists, or an Adobe page. The design notes the project was started from are not in the
// repository, so no file may name them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/cli-process.js';
import { headingAnchors } from '../helpers/markdown.js';

// Built from pieces, so this file does not name them itself.
const NOTES = ['DESIGN', 'DOMAIN', 'STYLE'].map((name) => `${name}.md`);

const TREES = ['src', 'test', 'scripts', 'bench', 'docs'];
const FILES = ['README.md', 'eslint.config.js'];
const TEXT = /\.(?:[cm]?[jt]s|json|md|ya?ml|sh|txt)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return entry.isFile() && TEXT.test(entry.name) ? [path] : [];
  });
}

const scanned = [...TREES.flatMap((tree) => filesUnder(join(ROOT, tree))), ...FILES.map((file) => join(ROOT, file))];

/** Every `docs/….md` or `README.md` path a file cites, with its `#anchor` when it has one. */
function citations(text: string): { page: string; anchor: string | null }[] {
  return [...text.matchAll(/(?<![\w/.-])((?:docs\/[\w./-]+|README)\.md)(?:#([\w-]+))?/g)].map((match) => ({ page: match[1] ?? '', anchor: match[2] ?? null }));
}

describe('the project documents itself', () => {
  it('reads the files it claims to check', () => {
    const names = scanned.map((file) => relative(ROOT, file));
    for (const expected of ['src/model.ts', 'src/engine/evaluate.ts', 'test/cli/no-internal-references.test.ts', 'docs/campaign.md', 'README.md', 'eslint.config.js']) {
      assert.ok(names.includes(expected), `${expected} was not scanned`);
    }
  });

  it('no file names the design notes, which are not in the repository', () => {
    const found = scanned.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (NOTES.some((note) => line.includes(note)) ? [`${relative(ROOT, file)}:${index + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    assert.deepEqual(found, []);
  });

  it('every docs page cited in src/, test/, scripts/, bench/ and eslint.config.js exists, and so does its anchor', () => {
    const code = scanned.filter((file) => !relative(ROOT, file).startsWith('docs') && !file.endsWith('.md'));
    const anchorsOf = new Map<string, Set<string> | null>();
    const pageAnchors = (page: string): Set<string> | null => {
      if (!anchorsOf.has(page)) {
        const path = join(ROOT, page);
        anchorsOf.set(page, existsSync(path) ? headingAnchors(readFileSync(path, 'utf8')) : null);
      }
      return anchorsOf.get(page) ?? null;
    };
    let checked = 0;
    const broken = code.flatMap((file) =>
      citations(readFileSync(file, 'utf8')).flatMap(({ page, anchor }) => {
        checked += 1;
        const anchors = pageAnchors(page);
        if (anchors === null) return [`${relative(ROOT, file)}: ${page} does not exist`];
        return anchor === null || anchors.has(anchor) ? [] : [`${relative(ROOT, file)}: ${page}#${anchor} is not a heading of ${page}`];
      }),
    );
    assert.deepEqual(broken, []);
    // The comments of src/ cite docs pages by the dozen: finding none means the pattern broke.
    assert.ok(checked > 50, `only ${checked} citations found`);
  });

  it('derives anchors the way GitHub does', () => {
    const anchors = headingAnchors('# Top\n## JSON (`-f json`)\n## 1. No secret leaves the tool\n```sh\n# not a heading\n```\n## Top\n');
    assert.deepEqual([...anchors], ['top', 'json--f-json', '1-no-secret-leaves-the-tool', 'top-1']);
  });
});
