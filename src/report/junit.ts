// JUnit XML for CI dashboards. One suite per host: a `scan` case that is an <error> when the
// host could not be scanned (so a dashboard never shows it green), then one case per rule that
// fails when the host has an unwaived finding of that rule at or above the gate (not in the
// baseline); the rule cases of a host not scanned are skipped. A first suite with no case
// carries the verdict and its counts as properties.
import type { Finding, HostReport, ScanResult } from '../model.js';
import { gatingFindings } from '../engine/result.js';
import { RULES } from '../rules/index.js';
import type { Reporter } from './types.js';
import { printable, SEVERITIES_DESC } from '../render/text.js';
import { summarizeVerdict, verdictHeadline } from './verdict.js';

/** Text for an XML attribute or element: printable (no terminal escape, no bidi control), valid XML 1.0, entities escaped. */
export function xmlEscape(text: string): string {
  return printable(text)
    // XML 1.0 allows tab, LF, CR and the ranges below; anything else would make the file invalid.
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export const junit: Reporter = (result) => {
  const gating = new Set(gatingFindings(result.findings, result.policy.failOn));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const host of result.hosts) {
    const cases: string[] = [];
    let hostFailures = 0;
    let hostSkipped = 0;
    const hostErrors = host.status === 'ok' ? 0 : 1;
    cases.push(scanCase(host));
    for (const rule of RULES) {
      const open = `    <testcase classname="${xmlEscape(`campaign-audit.${host.name}`)}" name="${xmlEscape(rule.id)}">`;
      if (host.status !== 'ok') {
        hostSkipped += 1;
        cases.push(`${open}<skipped message="${xmlEscape(`host not scanned: ${host.status}${host.error ? `: ${host.error}` : ''}`)}"/></testcase>`);
        continue;
      }
      const findings = result.findings.filter((finding) => finding.host === host.name && finding.ruleId === rule.id);
      const failing = findings.filter((finding) => gating.has(finding));
      const body: string[] = [];
      if (failing.length > 0) {
        hostFailures += 1;
        const [first] = failing as [Finding, ...Finding[]];
        body.push(`<failure type="${xmlEscape(first.severity)}" message="${xmlEscape(first.message)}">${xmlEscape(failing.map(describe).join('\n'))}</failure>`);
      }
      const others = findings.filter((finding) => !gating.has(finding));
      if (others.length > 0) body.push(`<system-out>${xmlEscape(others.map(describe).join('\n'))}</system-out>`);
      cases.push(body.length === 0 ? `${open}</testcase>` : `${open}\n      ${body.join('\n      ')}\n    </testcase>`);
    }
    tests += RULES.length + 1;
    failures += hostFailures;
    errors += hostErrors;
    skipped += hostSkipped;
    suites.push(
      `  <testsuite name="${xmlEscape(host.name)}" tests="${RULES.length + 1}" failures="${hostFailures}" errors="${hostErrors}" skipped="${hostSkipped}" timestamp="${xmlEscape(result.generatedAt.replace(/Z$/, ''))}" hostname="${xmlEscape(host.address)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="campaign-audit" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${verdictSuite(result)}\n${suites.join('\n')}\n</testsuites>\n`;
};

/** The host's own case: passes when it was scanned, an <error> with its status and error when not. */
function scanCase(host: HostReport): string {
  const open = `    <testcase classname="${xmlEscape(`campaign-audit.${host.name}`)}" name="scan">`;
  if (host.status === 'ok') return `${open}</testcase>`;
  const message = `host not scanned: ${host.status}${host.error ? `: ${host.error}` : ''}`;
  return `${open}\n      <error type="${xmlEscape(host.status)}" message="${xmlEscape(message)}">${xmlEscape(`${host.name} (${host.address}) could not be scanned, so none of its rules was checked.\n${message}`)}</error>\n    </testcase>`;
}

function describe(finding: Finding): string {
  const where = [finding.instance && `instance ${finding.instance}`, finding.file, finding.path].filter(Boolean).join(' ');
  const note = finding.waived ? ` [waived: ${finding.waiverReason ?? ''}]` : finding.baseline ? ' [in baseline]' : '';
  return `[${finding.severity}] ${finding.message}${where ? ` (${where})` : ''}${note} fingerprint ${finding.fingerprint}`;
}

/**
 * The verdict, with the counts every other format states, as the properties of a suite with no
 * test case (JUnit has no place for them on <testsuites>): dashboards list it, CI scripts read it.
 */
function verdictSuite(result: ScanResult): string {
  const verdict = summarizeVerdict(result);
  const properties: [string, string | number][] = [
    ['verdict', verdict.verdict],
    ['gate', verdict.failOn],
    ['hosts', verdict.hosts],
    ['scanned', verdict.scanned],
    ['notScanned', verdict.notScanned],
    ...SEVERITIES_DESC.map((severity): [string, number] => [`open.${severity}`, verdict.open[severity]]),
    ['waived', verdict.waivedTotal],
    ...(verdict.hasBaseline ? [['baselined', verdict.baselinedTotal] as [string, number]] : []),
    ...(verdict.baseline?.file ? [['baseline.file', verdict.baseline.file] as [string, string]] : []),
    ...(verdict.baseline?.generatedAt ? [['baseline.generatedAt', verdict.baseline.generatedAt] as [string, string]] : []),
    ['gating', verdict.gating],
  ];
  const lines = properties.map(([name, value]) => `      <property name="${xmlEscape(name)}" value="${xmlEscape(String(value))}"/>`);
  const text = [verdictHeadline(verdict), ...verdict.details].join('\n');
  return `  <testsuite name="campaign-audit verdict" tests="0" failures="0" errors="0" skipped="0" timestamp="${xmlEscape(result.generatedAt.replace(/Z$/, ''))}">\n    <properties>\n${lines.join('\n')}\n    </properties>\n    <system-out>${xmlEscape(text)}</system-out>\n  </testsuite>`;
}
