// One verdict, the same everywhere: the words and counts of summarizeVerdict are what the JSON
// summary, the table, Markdown, JUnit and SARIF state, under waivers, a baseline and hosts
// that could not be scanned.
import assert from 'node:assert/strict';
import { SHIPPED_BUILDS } from '../../src/data/builds.js';
import { jwtPhase } from '../../src/data/jwt-phase.js';
import { before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { ScanResult, Severity } from '../../src/model.js';
import { junit } from '../../src/report/junit.js';
import { markdown } from '../../src/report/markdown.js';
import { sarif } from '../../src/report/sarif.js';
import { table } from '../../src/report/table.js';
import { summarizeVerdict } from '../../src/report/verdict.js';
import type { Waiver } from '../../src/engine/waivers.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { BUILDS, reportContext } from '../helpers/fixtures.js';

const context = reportContext();
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Waives the critical JWT findings of mkt-prod-1 and gs-legacy-1. */
const WAIVERS: Waiver[] = [
  { ruleId: 'jwt/credential-present', host: 'mkt-prod-1', reason: 'decommissioned, CHG-1', expires: '2027-01-31' },
  { ruleId: 'jwt/credential-present', host: 'gs-legacy-1', reason: 'decommissioned, CHG-2', expires: '2027-01-31' },
];

let plain: ScanResult;
let accepted: ScanResult;
let partlyNew: ScanResult;
before(async () => {
  plain = await demoResult();
  const everything = new Set(plain.findings.map((finding) => finding.fingerprint));
  const source = { file: 'report-2026-11-20.json', generatedAt: '2026-11-20T08:00:00.000Z' };
  accepted = await demoResult({ waivers: WAIVERS, baseline: everything, baselineSource: source }, [downHost('down-1'), downHost('down-2', 'timeout', 'no answer in 60 s')]);
  const withoutMidEmea = new Set(plain.findings.filter((finding) => finding.host !== 'mid-emea-1').map((finding) => finding.fingerprint));
  partlyNew = await demoResult({ waivers: WAIVERS, baseline: withoutMidEmea, baselineSource: source });
});

describe('summarizeVerdict', () => {
  it('states the plain demo verdict with its open counts', () => {
    const verdict = summarizeVerdict(plain);
    const gating = plain.findings.filter((finding) => ['critical', 'high'].includes(finding.severity)).length;
    assert.equal(verdict.headline, `FAIL — ${gating} findings at or above high`);
    assert.deepEqual(verdict.details.slice(0, 2), [verdict.categories.migration.text, verdict.categories.security.text]);
    assert.match(verdict.details[0]!, /^Migration: FAIL — 3 hosts below 7\.4\.1; 3 instances on JWT; /);
    assert.match(verdict.details[1]!, /^Security: FAIL — 7 hosts miss CVE-2026-48286, APSB26-142, APSB26-134 and 3 more; 2 secrets in clear text$/);
    assert.equal(verdict.categories.migration.gating + verdict.categories.security.gating, gating);
    // The one line a default run gives the opt-in hardening category.
    assert.equal(verdict.details[2], 'Hardening: NOT CHECKED — not run by default; add --checks migration,security,hardening to run it');
    assert.equal(verdict.details[3], `Open findings: ${SEVERITIES.map((severity) => `${plain.summary.findings[severity]} ${severity}`).join(', ')}`);
    assert.equal(verdict.details.at(-4), 'Hosts: 13 of 13 scanned');
    assert.equal(verdict.details.at(-2), `JWT phase: ${jwtPhase(plain.asOf, plain.policy.cutoff).summary}`);
    assert.equal(verdict.details.at(-1), `Build data: checked ${SHIPPED_BUILDS.checkedAt}`);
  });

  it('under a baseline and waivers says what was accepted, and names the baseline file and date', () => {
    const verdict = summarizeVerdict(accepted);
    assert.equal(verdict.verdict, 'incomplete');
    const baselined = accepted.findings.filter((finding) => !finding.waived).length;
    assert.equal(verdict.headline, `INCOMPLETE — 2 of 15 hosts not scanned; 0 new findings at or above high; 2 waived; ${baselined} accepted by baseline report-2026-11-20.json from 2026-11-20`);
    assert.match(verdict.details.join('\n'), /^Waived: 2 critical \(listed, not gating\)$/m);
    assert.match(verdict.details.join('\n'), /^Hosts: 13 of 15 scanned, 2 not scanned$/m);
  });

  it('counts only new findings against the gate', () => {
    const verdict = summarizeVerdict(partlyNew);
    const fresh = partlyNew.findings.filter((finding) => finding.host === 'mid-emea-1' && ['critical', 'high'].includes(finding.severity)).length;
    assert.ok(fresh > 0);
    assert.match(verdict.headline, new RegExp(`^FAIL — ${fresh} new findings at or above high; 2 waived; \\d+ accepted by baseline report-2026-11-20\\.json from 2026-11-20$`));
  });

  it('with the gate off says so', async () => {
    const off = await demoResult({ policy: { ...(await import('../../src/engine/policy.js')).defaultPolicy(BUILDS), failOn: 'none' } });
    assert.equal(summarizeVerdict(off).headline, 'PASS — gate off');
  });
});

describe('every format states the same verdict and counts', () => {
  for (const [name, pick] of [
    ['plain', () => plain],
    ['baseline, waivers and hosts not scanned', () => accepted],
    ['new findings beside a baseline', () => partlyNew],
  ] as const) {
    it(`JSON summary (${name})`, () => {
      const result = pick();
      const verdict = summarizeVerdict(result);
      assert.equal(result.summary.verdict, verdict.verdict);
      assert.deepEqual(result.summary.findings, verdict.open);
      assert.equal(result.summary.waived, verdict.waivedTotal);
      assert.equal(result.summary.notScanned, verdict.notScanned);
      assert.equal(result.summary.gating, verdict.gating);
      if (result === plain) assert.equal(result.summary.baselined, undefined);
      else {
        assert.equal(result.summary.baselined, verdict.baselinedTotal);
        assert.deepEqual(result.summary.baseline, { file: 'report-2026-11-20.json', generatedAt: '2026-11-20T08:00:00.000Z', accepted: verdict.baselinedTotal });
      }
    });

    it(`table and Markdown (${name})`, () => {
      const result = pick();
      const verdict = summarizeVerdict(result);
      const text = table(result, context);
      // The table wraps the verdict lines to the terminal width, continuation lines indented by two.
      const unwrapped = text.replace(/\n {2}(?=\S)/g, ' ');
      assert.ok(unwrapped.includes(`\nVerdict: ${verdict.headline}\n${verdict.details.join('\n')}\n`), text.slice(-600));
      const md = markdown(result, context);
      assert.ok(md.includes(`Verdict: ${verdict.headline.replace(/\./g, '\\.')}`) || md.includes(`Verdict: ${verdict.headline}`), md.slice(0, 600));
      for (const severity of SEVERITIES) {
        const total = result.findings.filter((finding) => finding.severity === severity).length;
        if (total === 0) continue;
        const waived = verdict.waived[severity];
        const heading = text.split('\n').find((line) => line.startsWith(`${severity.toUpperCase()} — `));
        assert.ok(heading, severity);
        assert.match(heading, new RegExp(`^${severity.toUpperCase()} — ${verdict.open[severity]} open`));
        if (waived > 0) assert.match(heading, new RegExp(`, ${waived} waived$`));
        if (verdict.baselined[severity] > 0) assert.match(heading, new RegExp(`\\(${verdict.baselined[severity]} in the baseline\\)`));
      }
    });

    it(`JUnit and SARIF (${name})`, () => {
      const result = pick();
      const verdict = summarizeVerdict(result);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit(result, context)) as { testsuites: { testsuite: { name: string; properties?: { property: { name: string; value: string }[] } }[] } };
      const suite = parsed.testsuites.testsuite.find((entry) => entry.name === 'campaign-audit verdict');
      const properties = Object.fromEntries((suite?.properties?.property ?? []).map((property) => [property.name, property.value]));
      assert.equal(properties.verdict, verdict.verdict);
      assert.equal(Number(properties.notScanned), verdict.notScanned);
      assert.equal(Number(properties.waived), verdict.waivedTotal);
      assert.equal(Number(properties.gating), verdict.gating);
      for (const severity of SEVERITIES) assert.equal(Number(properties[`open.${severity}`]), verdict.open[severity]);
      if (verdict.hasBaseline) {
        assert.equal(Number(properties.baselined), verdict.baselinedTotal);
        assert.equal(properties['baseline.file'], 'report-2026-11-20.json');
      }
      const log = JSON.parse(sarif(result, context)) as { runs: { invocations: { properties: { verdict: string; summary: Record<string, unknown> } }[] }[] };
      const invocation = log.runs[0]?.invocations[0]?.properties;
      assert.equal(invocation?.verdict, verdict.verdict);
      assert.equal(invocation?.summary.text, `Verdict: ${verdict.headline}`);
      assert.deepEqual(invocation?.summary.open, verdict.open);
      assert.equal(invocation?.summary.gating, verdict.gating);
      assert.equal(invocation?.summary.notScanned, verdict.notScanned);
    });
  }
});
