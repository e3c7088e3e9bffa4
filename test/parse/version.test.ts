import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { versionLabel } from '../../src/data/builds.js';
import { parseVersion } from '../../src/parse/version.js';
import { assertFast } from '../helpers/fuzz.js';
import { BUILDS } from '../helpers/fixtures.js';

describe('parseVersion (the variants of docs/campaign.md#version-banner)', () => {
  const cases: [string, string, { product: 'v7' | 'v8'; version: string | null; build: number | null; sha: string | null }][] = [
    ['Linux, 7.X YY.R build N@SHA', '12:17:21 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@f7c1e2a) of 05/12/2023', { product: 'v7', version: '7.3.5', build: 9368, sha: 'f7c1e2a' }],
    ['X.Y.Z build N@SHA without YY.R', 'HH:MM:SS > Application server for Adobe Campaign Classic (7.4.1 build 9383@0c5e7a1) of 18/06/2024', { product: 'v7', version: '7.4.1', build: 9383, sha: '0c5e7a1' }],
    ['year-named 20.2.3 build 9182', 'Application server for Adobe Campaign Classic (20.2.3 build 9182) of 11/09/2020', { product: 'v7', version: '20.2.3', build: 9182, sha: null }],
    ['old "Version X.Y (build N)"', '10:00:00 > Application server for Adobe Campaign Version 6.1 (build 8705) of 01/01/2017', { product: 'v7', version: '6.1', build: 8705, sha: null }],
    ['Windows "dated", capital S', 'C:\\Program Files\\Adobe\\Adobe Campaign v7\\bin>nlserver pdump 10:00:00 > Application Server for Adobe Campaign version 7.2 (build 9349) dated 01/03/2022 No tasks', { product: 'v7', version: '7.2', build: 9349, sha: null }],
    ['Windows Classic form', 'Application Server for Adobe Campaign Classic (7.3.1 22.7 build 9352@1a2b3c4) of 01/07/2022', { product: 'v7', version: '7.3.1', build: 9352, sha: '1a2b3c4' }],
    ['Gold Standard build@sha only', '06:55:09 > Application server for Adobe Campaign Classic (build 9032@d3b452f) of 22/12/2020', { product: 'v7', version: '19.1.4', build: 9032, sha: 'd3b452f' }],
    ['Gold Standard bare 9032@sha', 'Application server for Adobe Campaign Classic (19.1.4 9032@554dbcd) of 07/09/2021', { product: 'v7', version: '19.1.4', build: 9032, sha: '554dbcd' }],
    ['Campaign v8', '07:00:00 > Application server for Adobe Campaign (8.6.1 build 9412@2a9f3c7) of 14/11/2024', { product: 'v8', version: '8.6.1', build: 9412, sha: '2a9f3c7' }],
    ['Neolane branding', '09:00:00 > Application server for Neolane v6 (6.1.1 build 8705) of 01/01/2014', { product: 'v7', version: '6.1.1', build: 8705, sha: null }],
    ['version without build number: no build', 'Application server for Adobe Campaign Classic (7.4.1) of 18/06/2024', { product: 'v7', version: '7.4.1', build: null, sha: null }],
    ['extra spaces after the prompt', '12:17:21 >   Application server for Adobe Campaign Classic (7.3.2 22.11 build 9356@abcdef0) of 21/11/2022', { product: 'v7', version: '7.3.2', build: 9356, sha: 'abcdef0' }],
  ];
  for (const [what, line, expected] of cases) {
    it(`reads ${what}`, () => {
      const info = parseVersion(line, BUILDS);
      assert.ok(info, 'a version');
      assert.deepEqual({ product: info.product, version: info.version, build: info.build, sha: info.sha }, expected);
    });
  }

  // Banners real servers printed, quoted in public posts (docs/campaign.md#version-banner; fixtures/real-world/README.md).
  const real: [string, string, { product: 'v7' | 'v8'; version: string | null; build: number | null; sha: string | null }][] = [
    ['Windows 7.3.4 with the date inside the parentheses', '15:16:55 >   Application server for Adobe Campaign Classic (7.3.4 build 9364@8f3ef8e of 09/04/2023)', { product: 'v7', version: '7.3.4', build: 9364, sha: '8f3ef8e' }],
    ['a v7 build that prints 6.1.1', '14:20:41 >   Application server for Adobe Campaign (6.1.1 build 8864) of 03/02/2018', { product: 'v7', version: '6.1.1', build: 8864, sha: null }],
    ['an Adobe-hosted server with the build redacted', '13:31:32 >   Application server for Adobe Campaign v7 (7.0 build XXXX) of XX/XX/20XX', { product: 'v7', version: '7.0', build: null, sha: null }],
    ['6.1.1 with the build redacted', '17:59:09 >   Application server for Adobe Campaign (6.1.1 build XXXX) of XX/XX/XXXX', { product: 'v7', version: '6.1.1', build: null, sha: null }],
  ];
  for (const [what, line, expected] of real) {
    it(`reads a real banner: ${what}`, () => {
      const info = parseVersion(line, BUILDS);
      assert.ok(info, 'a version');
      assert.deepEqual({ product: info.product, version: info.version, build: info.build, sha: info.sha }, expected);
    });
  }

  it('never turns a version string into a build, whatever the version', () => {
    for (const version of ['6.1.1', '7.0', '7.4.1', '7.4.4', '19.1.4', '20.2.3', '21.1.4']) {
      for (const line of [`Application server for Adobe Campaign Classic (${version}) of 01/01/2024`, `Application server for Adobe Campaign (${version} build XXXX) of XX/XX/XXXX`, `Application Server for Adobe Campaign version ${version} (build xxx) dated xx/xx/xxxx`]) {
        assert.equal(parseVersion(line, BUILDS)?.build, null, line);
      }
    }
  });

  it('finds the server line after log lines and before the process list', () => {
    const pdump = [
      '2026-11-27 10:00:01.123Z 1234 1234 1 info log Loading configuration...',
      '10:00:01 > Application server for Adobe Campaign Classic (7.3.4 23.9 build 9364@aaaaaaa) of 07/09/2023',
      'web@default (9984) - 50.1 MB',
      'mta@test (9986) - 9.6 MB',
    ].join('\n');
    assert.equal(parseVersion(pdump, BUILDS)?.build, 9364);
  });

  const unreadable: [string, string | null][] = [
    ['no output', null],
    ['"no task"', 'no task\n'],
    ["Adobe's placeholder template", 'HH:MM:SS > Application server for Adobe Campaign Classic (7.X YY.R build XXX@SHA1) of DD/MM/YYYY'],
    ['an error message', 'sh: 1: nlserver: not found'],
  ];
  for (const [what, pdump] of unreadable) {
    it(`returns null for ${what}`, () => assert.equal(parseVersion(pdump, BUILDS), null));
  }

  it('reads a line of 100 kB of unclosed "(" in linear time', () => {
    // /\(([^)]*)\)/ rescanned the rest of the line from every "(": about 12 s here (found by
    // test/fuzz/version.props.ts). Replayed evidence does not cap pdump at 16 KiB.
    assertFast('100 kB of "("', () => assert.equal(parseVersion(`Application server for Adobe Campaign Classic ${'('.repeat(100_000)}`, BUILDS), null), 2000);
    // Only the first 512 characters after the server name are read (a real line is under 200).
    assert.equal(parseVersion(`Application server for Adobe Campaign Classic ${'('.repeat(100)}7.4.1 build 9383)`, BUILDS)?.build, 9383);
  });

  it('never decides by semver: 20.2.3 is build 9182, below 7.4.1 (9383)', () => {
    const info = parseVersion('Application server for Adobe Campaign Classic (20.2.3 build 9182) of 11/09/2020', BUILDS);
    assert.ok(info !== null && info.build !== null && info.build < 9383);
  });

  it('reads a server line buried in 10 kB of junk, in linear time', () => {
    const junk = `\u001b[2J${'J'.repeat(10_240)} Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@abc1234) of 05/12/2023 ${'('.repeat(10_240)}`;
    assert.deepEqual(parseVersion(junk, BUILDS), { product: 'v7', version: '7.3.5', build: 9368, sha: 'abc1234', line: junk.trim().slice(0, 300) });
    assertFast('16 kB of "("', () => assert.equal(parseVersion(`Application server for Adobe Campaign ${'('.repeat(16 * 1024)}`, BUILDS), null), 150);
  });

  it('names Gold Standard builds by the table (versionLabel, as every report does)', () => {
    const label = (line: string): string => versionLabel(parseVersion(line, BUILDS) ?? { version: null, build: null }, BUILDS);
    assert.equal(label('Application server for Adobe Campaign Classic (build 9032@d3b452f) of 22/12/2020'), 'Gold Standard 11');
    assert.equal(label('Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368) of 05/12/2023'), '7.3.5');
    assert.equal(label('not a version line'), 'unknown');
  });
});
