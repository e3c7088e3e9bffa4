import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILDS, latestBuild, lookupBuild, minimumBuildFor, OAUTH_MIN_BUILD } from '../../src/data/builds.js';

describe('build table (DOMAIN.md §5)', () => {
  it('maps 7.4.1 to build 9383, the OAuth minimum', () => {
    assert.equal(minimumBuildFor('7.4.1'), 9383);
    assert.equal(OAUTH_MIN_BUILD, 9383);
  });

  it('maps each version to its lowest build', () => {
    assert.equal(minimumBuildFor('7.4.2'), 9390);
    assert.equal(minimumBuildFor('7.4.3'), 9394);
    assert.equal(minimumBuildFor('21.1.4'), 9342);
    assert.equal(minimumBuildFor('7.5.0'), null);
  });

  it('recommends the newest build', () => {
    assert.deepEqual([latestBuild().version, latestBuild().build], ['7.4.4', 9400]);
  });

  it('tells Gold Standard builds apart by SHA', () => {
    assert.equal(lookupBuild(9032, 'd3b452f')?.label, 'Gold Standard 11');
    assert.equal(lookupBuild(9032, '99a3894abcdef')?.label, 'Gold Standard 12');
    assert.equal(lookupBuild(9032)?.version, '19.1.4');
    assert.equal(lookupBuild(9032)?.sha, undefined);
  });

  it('keeps every pre-7.4.1 release below 9383 and every later one at or above it', () => {
    for (const entry of BUILDS) {
      const isAtLeast741 = /^7\.4\./.test(entry.version) && entry.version !== '7.4.0';
      assert.equal(entry.build >= 9383, isAtLeast741, `${entry.version} build ${entry.build}`);
    }
  });

  it('has well-formed dates', () => {
    for (const entry of BUILDS) if (entry.date !== null) assert.match(entry.date, /^\d{4}-\d{2}-\d{2}$/);
  });
});
