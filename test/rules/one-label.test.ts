// One host label everywhere (issue: "Gold Standard 11" in one table, "19.1.4" in another): every
// output names a build by versionLabel, so the Gold Standard host of the demo fleet is "Gold
// Standard 11" in each report, in the plan and in the findings' data, and never "19.1.4".
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { versionLabel } from '../../src/data/builds.js';
import type { ScanResult } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { reporters } from '../../src/report/index.js';
import { demoResult } from '../helpers/demo.js';
import { reportContext, BUILDS } from '../helpers/fixtures.js';

let result: ScanResult;
before(async () => {
  result = await demoResult();
});

describe('one host label everywhere', () => {
  it('labels the Gold Standard host "Gold Standard 11" in the table, Markdown, CSV, HTML, plan and findings, never "19.1.4"', () => {
    const gs = result.hosts.find((host) => host.name === 'gs-legacy-1');
    assert.ok(gs);
    assert.deepEqual([gs.version, gs.build, gs.sha], ['19.1.4', 9032, 'd3b452f'], 'the JSON keeps what the host printed');
    assert.equal(versionLabel(gs, BUILDS), 'Gold Standard 11');
    const outputs: Record<string, string> = {
      table: reporters.table.render(result, reportContext(200)),
      markdown: reporters.markdown.render(result, reportContext(80)),
      csv: reporters.csv.render(result, reportContext(80)),
      html: reporters.html.render(result, reportContext(80)),
      plan: renderPlanMarkdown(buildPlan(result, BUILDS)),
    };
    for (const [format, text] of Object.entries(outputs)) {
      const lines = text.split('\n').filter((line) => line.includes('gs-legacy-1') && line.includes('9032'));
      assert.ok(lines.length > 0, `${format}: a line names the host and its build`);
      for (const line of lines) {
        assert.match(line, /Gold Standard 11/, `${format}: ${line}`);
        assert.doesNotMatch(line, /19\.1\.4/, `${format}: ${line}`);
      }
    }
    const planHost = buildPlan(result, BUILDS).instances.flatMap((instance) => instance.hosts).find((host) => host.name === 'gs-legacy-1');
    assert.equal(planHost?.version, 'Gold Standard 11');
    for (const finding of result.findings.filter((candidate) => candidate.host === 'gs-legacy-1' && candidate.data?.version !== undefined)) {
      assert.equal(finding.data?.version, 'Gold Standard 11', finding.ruleId);
    }
  });
});
