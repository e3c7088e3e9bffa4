// Properties of the nlserver version-line parser (src/parse/version.ts, docs/campaign.md#version-banner).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lookupBuild } from '../../src/data/builds.js';
import { versionLabel } from '../../src/data/builds.js';
import { parseVersion } from '../../src/parse/version.js';
import { assertFast, check, defineProperties } from '../helpers/fuzz.js';
import { adversarialText, oneLine } from './arbitraries.js';
import { BUILDS } from '../helpers/fixtures.js';

/** What the parser looks for; a log line that matches it would be a version line. */
const SERVER_WORDS = /application\s+server\s+for\s+(?:adobe\s+campaign|neolane)/i;

const version = fc
  .tuple(fc.constantFrom(6, 7, 8, 17, 18, 19, 20, 21), fc.integer({ min: 0, max: 12 }), fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }))
  .map(([major, minor, patch]) => (patch === undefined ? `${major}.${minor}` : `${major}.${minor}.${patch}`));
const build = fc.integer({ min: 100, max: 999_999 });
const longBuild = fc.integer({ min: 1000, max: 999_999 });
const sha = fc.stringMatching(/^[0-9a-fA-F]{6,40}$/);
const date = fc
  .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1999, max: 2030 }))
  .map(([day, month, year]) => `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`);
const clock = fc.option(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(' ', '   ')).map(([h, m, gap]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:07 >${gap}`),
  { nil: '' },
);
const server = fc.constantFrom('server', 'Server');
const releaseTag = fc.option(fc.constantFrom(' 23.12', ' 22.7', ' 24.6'), { nil: '' });

interface Expected {
  version: string | null;
  build: number | null;
  sha: string | null;
}

/** The published first-line variants of docs/campaign.md#version-banner, with what each must read as. */
const versionLine: fc.Arbitrary<{ line: string; expected: Expected }> = fc.oneof(
  // Linux / Windows "Classic": (7.X YY.R build N@SHA) of DD/MM/YYYY
  fc.tuple(clock, server, version, releaseTag, build, fc.option(sha, { nil: null }), date).map(([time, word, v, tag, b, s, d]) => ({
    line: `${time}Application ${word} for Adobe Campaign Classic (${v}${tag} build ${b}${s ? `@${s}` : ''}) of ${d}`,
    expected: { version: v, build: b, sha: s?.toLowerCase() ?? null },
  })),
  // No build printed: a version string is never a build (docs/campaign.md#version-banner: 8864 prints "6.1.1").
  fc.tuple(clock, version, date).map(([time, v, d]) => ({
    line: `${time}Application server for Adobe Campaign Classic (${v}) of ${d}`,
    expected: { version: v, build: null, sha: null },
  })),
  // Old wording and the Windows "dated" form: Version X.Y (build N)
  fc.tuple(clock, fc.constantFrom(['server', 'Version', 'of'], ['Server', 'version', 'dated']), version, build, date, fc.constantFrom('', ' No tasks')).map(([time, [word, label, joiner], v, b, d, tail]) => ({
    line: `${time}Application ${word} for Adobe Campaign ${label} ${v} (build ${b}) ${joiner} ${d}${tail}`,
    expected: { version: v, build: b, sha: null },
  })),
  // Gold Standard: (build 9032@sha), the version comes from the build table.
  fc.tuple(clock, fc.oneof(fc.constant(9032), longBuild), sha, date).map(([time, b, s, d]) => ({
    line: `${time}Application server for Adobe Campaign Classic (build ${b}@${s}) of ${d}`,
    expected: { version: lookupBuild(b, s.toLowerCase(), BUILDS)?.version ?? null, build: b, sha: s.toLowerCase() },
  })),
  // Gold Standard, bare: (19.1.4 9032@sha)
  fc.tuple(clock, version, longBuild, sha, date).map(([time, v, b, s, d]) => ({
    line: `${time}Application server for Adobe Campaign Classic (${v} ${b}@${s}) of ${d}`,
    expected: { version: v, build: b, sha: s.toLowerCase() },
  })),
  // Neolane branding and a Windows prompt before the line.
  fc.tuple(fc.constantFrom('', 'C:\\Program Files\\Adobe\\Adobe Campaign v7\\bin>nlserver pdump '), version, build, date).map(([prompt, v, b, d]) => ({
    line: `${prompt}Application server for Neolane v6 (${v} build ${b}) of ${d}`,
    expected: { version: v, build: b, sha: null },
  })),
);

/** Log lines before the version line and process lines after it: never a server line. */
const otherLine = fc.oneof(
  oneLine,
  fc.constantFrom('web@default (9984) - 50.1 MB', 'mta@prod (9986) - 9.6 MB', 'No tasks', 'no task', '2026-11-27 10:00:01.123Z 1234 1234 1 info log Loading configuration (build 1234)...'),
).filter((line) => !SERVER_WORDS.test(line));

/** A published line with junk spliced in, or a piece cut out: near misses of the real thing. */
const damagedLine = fc.tuple(versionLine, fc.nat(), fc.nat({ max: 20 }), fc.oneof(oneLine, fc.constantFrom('(', ')', ' build ', '@', '.', '8.', 'version ', ')('))).map(([{ line }, at, cut, junk]) => {
  const index = at % (line.length + 1);
  return line.slice(0, index) + junk + line.slice(index + cut);
});

function isWellFormed(info: NonNullable<ReturnType<typeof parseVersion>>, input: string): void {
  assert.ok(info.version !== null || info.build !== null, 'a result names a version or a build');
  assert.ok(info.version === null || /^\d+(?:\.\d+){1,2}$/.test(info.version), `version ${info.version}`);
  assert.ok(info.build === null || (Number.isSafeInteger(info.build) && info.build >= 0), `build ${info.build}`);
  assert.ok(info.sha === null || /^[0-9a-f]{6,40}$/.test(info.sha), `sha ${info.sha}`);
  assert.equal(info.product, info.version?.startsWith('8.') ? 'v8' : 'v7');
  assert.ok(info.line.length <= 300 && input.includes(info.line), 'line is a piece of the input, at most 300 characters');
  assert.equal(typeof versionLabel(info, BUILDS), 'string');
}

export default defineProperties({
  'reads every published variant, after log lines and before the process list': () =>
    check(
      fc.property(fc.array(otherLine, { maxLength: 5 }), versionLine, fc.array(otherLine, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (before, { line, expected }, after, eol) => {
        const info = parseVersion([...before, line, ...after].join(eol) + eol, BUILDS);
        assert.ok(info !== null, line);
        assert.deepEqual({ version: info.version, build: info.build, sha: info.sha }, expected, line);
        isWellFormed(info, line);
      }),
      300,
    ),

  'never throws; a result is well-formed, and no server line means null': () =>
    check(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(otherLine).map((lines) => lines.join('\n')), damagedLine, adversarialText(2000).map((junk) => `Application server for Adobe Campaign ${junk}`)), (pdump) => {
        const info = parseVersion(pdump, BUILDS);
        if (!pdump.split(/\r?\n/).some((line) => SERVER_WORDS.test(line))) assert.equal(info, null);
        if (info !== null) isWellFormed(info, pdump);
      }),
      300,
    ),

  'stays linear on 100 kB of junk on the server line, and on 50k log lines': () =>
    check(
      fc.property(adversarialText(100_000), fc.boolean(), (junk, manyLines) => {
        const pdump = manyLines ? `${'x (build 1\n'.repeat(50_000)}Application server for Adobe Campaign ${junk}` : `12:00:00 > Application server for Adobe Campaign Classic ${junk}`;
        const info = assertFast(`parseVersion on ${pdump.length} characters`, () => parseVersion(pdump, BUILDS));
        if (info !== null) isWellFormed(info, pdump);
      }),
      25,
    ),
});
