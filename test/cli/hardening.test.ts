// --checks hardening end to end (docs/reports.md#categories): the hardening rules on a fleet
// of two hosts (one open, one hardened as Adobe's pages say), the default run that only names
// them, the policy's off switch, re-rating, thresholds and gate, waivers, and the formats.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RuleId, ScanResult } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
import { runCli } from '../helpers/cli.js';
import { pdumpLine } from '../helpers/fixtures.js';
import { confXml, sample } from '../helpers/hardening.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-hardening-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const fleet = join(scratch, 'fleet');
const AS_OF = ['--as-of', '2026-11-27', '--no-progress'];
const HARDENING_IDS = RULES.filter((rule) => rule.meta.category === 'hardening').map((rule) => rule.id);

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

function host(name: string, files: Record<string, string>): void {
  mkdirSync(join(fleet, name, 'conf'), { recursive: true });
  writeFileSync(join(fleet, name, 'pdump.txt'), pdumpLine('7.4.3', 9397));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(fleet, name, 'conf', file), text);
}

before(() => {
  // Every checklist setting left open: Adobe's warn-mode snippet, defaults elsewhere, the MTA on, ctx re-enabled.
  host('open-1', {
    'serverConf.xml': confXml(
      `<authentication sessionTimeOutSec="172800"/>${sample('acc-docs-urlPermission-warn-snippet.xml')}`,
      // A zone open to every address, with debug on and a proxy list that trusts anyone's X-Forwarded-For.
      '<securityZone name="public" allowDebug="true"><subNetwork name="all" mask="*" proxy="*"/></securityZone>',
    ),
    'config-prod.xml': confXml('', `<mta autoStart="true"/>${sample('acc-docs-webform-ctx-snippet.xml')}`),
  });
  // Hardened in serverConf.xml; the instance file tightens the session timeout further.
  host('hardened-1', {
    'serverConf.xml': confXml(
      [
        '<authentication checkIPConsistent="true" sessionTimeOutSec="28800"/>',
        '<dataStore uploadAllowlist=".*\\.png,.*\\.jpg,.*\\.pdf"/>',
        '<exec user="campaign-exec" blacklistFile="/usr/local/neolane/nl6/conf/denylist"/>',
        '<urlPermission action="deny"><url dnsSuffix="api.example.com" urlRegEx="https://.*"/></urlPermission>',
        '<imsConfig><nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="true"/><nonIMSAuthnAPI disableAPI="true"/></imsConfig>',
      ].join(''),
      '<mta><child><smtp enableTLS="true"/></child></mta>',
    ),
    'config-prod.xml': confXml('<authentication sessionTimeOutSec="3600"/>', '<mta autoStart="true"/>'),
  });
});

async function scanJson(...argv: string[]): Promise<{ code: number; result: ScanResult; stderr: string }> {
  const run = await runCli(['scan', '--dir', fleet, '-f', 'json', ...AS_OF, ...argv]);
  return { code: run.code, result: JSON.parse(run.stdout) as ScanResult, stderr: run.stderr };
}

const idsOn = (result: ScanResult, name: string): RuleId[] => [...new Set(result.findings.filter((finding) => finding.host === name).map((finding) => finding.ruleId))].sort();

describe('--checks hardening', () => {
  it('runs the hardening rules alone: each fires on the open host, none on the hardened one', async () => {
    const { code, result } = await scanJson('--checks', 'hardening');
    assert.equal(code, 1, 'high findings gate');
    assert.deepEqual(result.policy.checks, ['hardening']);
    assert.deepEqual(result.policy.hardening, { sessionTimeoutSec: 86400, allowedNetworks: [] });
    assert.deepEqual(idsOn(result, 'open-1'), [...HARDENING_IDS].sort());
    assert.deepEqual(idsOn(result, 'hardened-1'), []);
    assert.equal(result.summary.categories?.hardening.verdict, 'fail');
    assert.equal(result.summary.categories?.migration.text, 'Migration: NOT CHECKED — left out by --checks');
    const defaults = result.findings.filter((finding) => finding.message.includes('(default)')).map((finding) => finding.ruleId).sort();
    assert.deepEqual(defaults, ['mta/tls-disabled', 'sessions/ip-not-checked', 'uploads/allowlist-open']);
  });

  it('runs beside the default categories, and JUnit and SARIF stay valid', async () => {
    const junitFile = join(scratch, 'all.junit.xml');
    const sarifFile = join(scratch, 'all.sarif');
    const run = await runCli(['scan', '--dir', fleet, '--checks', 'migration,security,hardening', '-f', 'json', '-f', `junit=${junitFile}`, '-f', `sarif=${sarifFile}`, ...AS_OF]);
    const result = JSON.parse(run.stdout) as ScanResult;
    assert.deepEqual(result.policy.checks, ['migration', 'security', 'hardening']);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'build/security-fix-missing'), 'the other categories ran too');
    const xml = readFileSync(junitFile, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { failures: string } };
    assert.equal(Number(parsed.testsuites.failures), result.summary.gating);
    const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    const [sarifRun] = log.runs;
    assert.ok(sarifRun?.results.every((entry) => sarifRun.tool.driver.rules[entry.ruleIndex]?.id === entry.ruleId));
    assert.ok(sarifRun?.tool.driver.rules.find((rule) => rule.id === 'exec/unrestricted')?.properties.tags.includes('hardening'));
  });

  it('is not run by default: one line says how to run it, and no report names a hardening rule', async () => {
    const table = await runCli(['scan', '--dir', fleet, ...AS_OF]);
    assert.match(table.stdout, /^Hardening: NOT CHECKED — not run by default; add --checks migration,security,hardening to run it$/m);
    const { result } = await scanJson();
    assert.equal(result.policy.checks, undefined, 'absent: the default checks');
    assert.equal(result.summary.categories?.hardening.verdict, 'not-checked');
    assert.deepEqual(result.findings.filter((finding) => HARDENING_IDS.includes(finding.ruleId)), []);
    const junit = await runCli(['scan', '--dir', fleet, '-f', 'junit', ...AS_OF]);
    for (const id of HARDENING_IDS) assert.doesNotMatch(junit.stdout, new RegExp(`name="${id}`));
    const explicit = await scanJson('--checks', 'migration,security');
    assert.equal(explicit.result.policy.checks, undefined, 'the default checks, named');
    // A saved report without policy.checks (as every report before hardening) ran the default checks.
    const converted = await runCli(['convert', file('saved.json', JSON.stringify(result)), '-f', 'markdown']);
    assert.match(converted.stdout, /^- Hardening: NOT CHECKED — not run by default; add --checks migration,security,hardening to run it$/m);
    const security = await runCli(['scan', '--dir', fleet, '--checks', 'security', ...AS_OF]);
    assert.match(security.stdout, /^Hardening: NOT CHECKED — not run by default; add --checks security,hardening to run it$/m);
  });
});

describe('hardening policy', () => {
  it('turns a rule off, re-rates another, sets the session threshold and the category gate', async () => {
    const policy = file(
      'policy.yaml',
      [
        'categories:',
        '  hardening: { failOn: critical }',
        'severities:',
        '  uploads/allowlist-open: off',
        '  web/webform-ctx-enabled: medium',
        'hardening:',
        '  sessionTimeoutSec: 3600',
        '  allowedNetworks: [203.0.113.0/24, "2001:db8::/32"]',
        '',
      ].join('\n'),
    );
    const { code, result } = await scanJson('--checks', 'hardening', '--policy', policy);
    assert.equal(code, 0, 'nothing critical: the hardening gate passes');
    assert.deepEqual(result.policy.rulesOff, ['uploads/allowlist-open']);
    assert.deepEqual(result.policy.hardening, { sessionTimeoutSec: 3600, allowedNetworks: ['203.0.113.0/24', '2001:db8::/32'] });
    assert.ok(!result.findings.some((finding) => finding.ruleId === 'uploads/allowlist-open'));
    assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'web/webform-ctx-enabled').map((finding) => finding.severity), ['medium']);
    const timeouts = result.findings.filter((finding) => finding.ruleId === 'sessions/timeout-long');
    assert.deepEqual(timeouts.map((finding) => [finding.host, finding.data?.value, finding.data?.source]), [['open-1', 172800, 'set in conf/serverConf.xml']]);
    const junit = await runCli(['scan', '--dir', fleet, '--checks', 'hardening', '--policy', policy, '-f', 'junit', ...AS_OF]);
    assert.match(junit.stdout, /name="uploads\/allowlist-open"><skipped message="not checked: the policy turned this rule off"\/>/);
  });

  it('refuses an unknown rule id, a bad severity and a network that is not CIDR, with the line', async () => {
    const cases: [string, RegExp][] = [
      ['severities:\n  mta/tls-disable: off\n', /line 2: severities\.mta\/tls-disable is not a known rule id$/m],
      ['severities:\n  mta/tls-disabled: never\n', /line 2: severities\.mta\/tls-disabled must be one of info, low, medium, high, critical or off$/m],
      ['hardening:\n  allowedNetworks: [203.0.113.0]\n', /line 2: hardening\.allowedNetworks\[0\] must be a network in CIDR form/],
      ['hardening:\n  allowedNetworks: [10.0.0.0/33]\n', /must be a network in CIDR form/],
      ['hardening:\n  sessionTimeoutSec: 0\n', /line 2: hardening\.sessionTimeoutSec must be a whole number of seconds, 1 or more$/m],
      ['hardening:\n  sessionTimeout: 60\n', /hardening\.sessionTimeout is not a known key/],
    ];
    for (const [index, [text, message]] of cases.entries()) {
      const run = await runCli(['scan', '--dir', fleet, '--policy', file(`bad-${index}.yaml`, text), ...AS_OF]);
      assert.equal(run.code, 2, text);
      assert.match(run.stderr, message);
    }
  });

  it('waives a hardening finding like any other', async () => {
    const waivers = file('waivers.yaml', 'waivers:\n  - ruleId: web/webform-ctx-enabled\n    host: open-1\n    instance: prod\n    reason: "Partner forms still pass ctx until CHG-4711"\n    expires: 2027-01-31\n');
    const { result } = await scanJson('--checks', 'hardening', '--waivers', waivers);
    const waived = result.findings.filter((finding) => finding.waived);
    assert.deepEqual(waived.map((finding) => [finding.ruleId, finding.waiverReason]), [['web/webform-ctx-enabled', 'Partner forms still pass ctx until CHG-4711']]);
    assert.equal(result.waivers?.applied[0]?.matched, 1);
  });
});
