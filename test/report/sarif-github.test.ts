// SARIF that GitHub code scanning accepts: Microsoft's SARIF Multitool (`validate --rule-kind
// "Ghas;Sarif"`: the SARIF schema and GitHub's ingestion rules) on real reports, plus the
// upload rules GitHub documents that the Multitool leaves out: every result on a physical
// location with a relative URI, and the per-run limits ("SARIF support for code scanning",
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanResult } from '../../src/model.js';
import { sarif } from '../../src/report/sarif.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { reportContext } from '../helpers/fixtures.js';

interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string } };
}
interface SarifLog {
  runs: {
    tool: { driver: { rules?: { properties?: { tags?: string[] } }[] } };
    results?: { ruleId?: string; locations?: SarifLocation[]; partialFingerprints?: Record<string, string> }[];
  }[];
}

/** GitHub's documented upload limits (the same page as above). */
const LIMITS = { runs: 20, resultsPerRun: 25_000, rulesPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20 };

/** What GitHub would reject in `log`, in words; empty when it would take the upload. */
function githubIngestionProblems(log: SarifLog): string[] {
  const problems: string[] = [];
  if (log.runs.length > LIMITS.runs) problems.push(`${log.runs.length} runs (GitHub takes ${LIMITS.runs})`);
  for (const [runIndex, run] of log.runs.entries()) {
    const rules = run.tool.driver.rules ?? [];
    const results = run.results ?? [];
    if (rules.length > LIMITS.rulesPerRun) problems.push(`run ${runIndex}: ${rules.length} rules`);
    if (results.length > LIMITS.resultsPerRun) problems.push(`run ${runIndex}: ${results.length} results`);
    for (const rule of rules) if ((rule.properties?.tags?.length ?? 0) > LIMITS.tagsPerRule) problems.push(`run ${runIndex}: a rule has more than ${LIMITS.tagsPerRule} tags`);
    for (const [index, result] of results.entries()) {
      const where = `run ${runIndex} result ${index} (${result.ruleId ?? '?'})`;
      const locations = result.locations ?? [];
      if (locations.length > LIMITS.locationsPerResult) problems.push(`${where}: ${locations.length} locations`);
      const uri = locations[0]?.physicalLocation?.artifactLocation?.uri;
      if (uri === undefined) problems.push(`${where}: no physicalLocation.artifactLocation.uri ("locationFromSarifResult: expected artifact location")`);
      else if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) problems.push(`${where}: URI ${uri} is not relative`);
      else if (uri.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) problems.push(`${where}: URI ${uri} has an empty or dot segment`);
      if (result.partialFingerprints === undefined || Object.keys(result.partialFingerprints).length === 0) problems.push(`${where}: no partialFingerprints`);
    }
  }
  return problems;
}

/** The Multitool's native binary, when `npm install` brought it (its package picks the platform's). */
function multitool(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return require('@microsoft/sarif-multitool') as string;
  } catch {
    return undefined;
  }
}

const tool = multitool();
const dir = mkdtempSync(join(tmpdir(), 'sarif-github-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The Multitool's errors on `text` (the SARIF schema and the GHAS rules), one line each. */
function multitoolErrors(binary: string, name: string, text: string): string[] {
  const input = join(dir, `${name}.sarif`);
  const output = join(dir, `${name}.validation.sarif`);
  writeFileSync(input, text);
  // Called directly, not through the package's bin.js, which runs it in a shell (the `;` of the rule kinds would split the command).
  const run = spawnSync(binary, ['validate', '--rule-kind', 'Ghas;Sarif', '--output', output, input], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  assert.equal(run.status, 0, `Sarif.Multitool failed: ${run.stdout}${run.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[] };
  return (log.runs[0]?.results ?? []).filter((result) => result.level === 'error').map((result) => `${result.ruleId}: ${result.message.text ?? (result.message.arguments ?? []).join(' ')}`);
}

const context = reportContext();
const reports: Record<string, ScanResult> = {};
before(async () => {
  reports.demo = await demoResult();
  reports['not-scanned'] = await demoResult({}, [downHost('down-1'), downHost('..'), downHost('host:2222', 'timeout')]);
  const demo = reports.demo;
  reports.baseline = { ...demo, findings: demo.findings.map((finding, index) => ({ ...finding, baseline: index % 2 === 0, waived: index % 5 === 0, ...(index % 5 === 0 ? { waiverReason: 'accepted' } : {}) })) };
});

describe('SARIF for GitHub code scanning', () => {
  for (const name of ['demo', 'not-scanned', 'baseline']) {
    it(`puts every result of the ${name} report on a relative artifact, fingerprinted`, () => {
      const log = JSON.parse(sarif(reports[name]!, context)) as SarifLog;
      assert.deepEqual(githubIngestionProblems(log), []);
    });

    // CI sets CAMPAIGN_AUDIT_REQUIRE_SARIF_MULTITOOL: there a missing tool fails instead of skipping.
    const skip = tool === undefined && process.env.CAMPAIGN_AUDIT_REQUIRE_SARIF_MULTITOOL === undefined && 'npm install brings @microsoft/sarif-multitool';
    it(`passes Sarif.Multitool validate --rule-kind "Ghas;Sarif" (${name})`, { skip }, () => {
      assert.ok(tool !== undefined, '@microsoft/sarif-multitool is not installed: run npm install');
      assert.deepEqual(multitoolErrors(tool, name, sarif(reports[name]!, context)), []);
    });
  }

  it('finds what GitHub rejects: a host-level result with only a logical location', () => {
    const log = JSON.parse(sarif(reports.demo!, context)) as SarifLog;
    const first = log.runs[0]!.results![0]!;
    first.locations = [{}];
    assert.match(githubIngestionProblems(log).join('\n'), /expected artifact location/);
    first.locations = [{ physicalLocation: { artifactLocation: { uri: 'file:///etc/passwd' } } }];
    assert.match(githubIngestionProblems(log).join('\n'), /is not relative/);
  });

  it('places host findings on <host>/nlserver-pdump and file findings on <host>/<file>', () => {
    const log = JSON.parse(sarif(reports['not-scanned']!, context)) as SarifLog;
    const uris = new Map(reports['not-scanned']!.findings.map((finding, index) => [finding, log.runs[0]!.results![index]!.locations![0]!.physicalLocation!.artifactLocation!.uri]));
    for (const [finding, uri] of uris) assert.equal(uri, finding.file === null ? `${finding.host}/nlserver-pdump` : `${finding.host}/${finding.file}`);
    assert.ok([...uris.keys()].some((finding) => finding.file === null), 'the demo has host-level findings');
  });
});
