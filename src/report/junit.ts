// JUnit XML for CI dashboards (docs/reports.md#junit-xml--f-junit). One suite per host: a `scan`
// case that is an <error> when the host could not be scanned (so a dashboard never shows it
// green), then per rule one case, or one failing case per gating finding, so that the failures
// add up to the verdict's gating count. A rule that did not run on the host (not reached, no
// configuration read, category left out by --checks) is skipped, saying why; a rule that ran is
// never. A first suite with no case carries the verdict and its counts as properties.
import { RULE_CATEGORIES, type Finding, type HostReport, type ScanResult } from '../model.js';
import { isGating } from '../engine/policy.js';
import { checksOfReport, isCategoryListed } from '../engine/categories.js';
import { RULES } from '../rules/index.js';
import type { Reporter } from './types.js';
import { hostVersionLabel, printable, SEVERITIES_DESC } from '../render/text.js';
import type { BuildTable } from '../data/builds.js';
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

export const junit: Reporter = (result, { builds }) => {
  const gate = result.policy;
  const checks = checksOfReport(result.policy);
  const rulesOff: unknown = result.policy.rulesOff;
  const isOff = (rule: (typeof RULES)[number]): boolean => Array.isArray(rulesOff) && rulesOff.includes(rule.id);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const host of result.hosts) {
    const cases: string[] = [scanCase(host, builds)];
    let hostTests = 1;
    let hostFailures = 0;
    let hostSkipped = 0;
    const hostErrors = host.status === 'ok' ? 0 : 1;
    for (const rule of RULES.filter((each) => isCategoryListed(each.meta.category, checks))) {
      const caseOpen = (name: string): string => `    <testcase classname="${xmlEscape(`campaign-audit.${host.name}`)}" name="${xmlEscape(name)}">`;
      const findings = result.findings.filter((finding) => finding.host === host.name && finding.ruleId === rule.id);
      const notChecked = findings.length === 0 ? whyNotChecked(rule, host, checks.includes(rule.meta.category), isOff(rule)) : undefined;
      if (notChecked !== undefined) {
        hostTests += 1;
        hostSkipped += 1;
        cases.push(`${caseOpen(rule.id)}<skipped message="${xmlEscape(notChecked)}"/></testcase>`);
        continue;
      }
      // One case per gating finding, so that the failures add up to the verdict's gating count.
      const failing = findings.filter((finding) => isGating(finding, rule.meta.category, gate));
      const others = findings.filter((finding) => !failing.includes(finding));
      const out = others.length > 0 ? `<system-out>${xmlEscape(others.map(describe).join('\n'))}</system-out>` : undefined;
      if (failing.length === 0) {
        hostTests += 1;
        cases.push(out === undefined ? `${caseOpen(rule.id)}</testcase>` : `${caseOpen(rule.id)}\n      ${out}\n    </testcase>`);
        continue;
      }
      for (const [index, finding] of failing.entries()) {
        const name = failing.length === 1 ? rule.id : `${rule.id} [${where(finding) || finding.fingerprint}]`;
        const body = [`<failure type="${xmlEscape(finding.severity)}" message="${xmlEscape(finding.message)}">${xmlEscape(describe(finding))}</failure>`];
        if (index === 0 && out !== undefined) body.push(out);
        cases.push(`${caseOpen(name)}\n      ${body.join('\n      ')}\n    </testcase>`);
      }
      hostTests += failing.length;
      hostFailures += failing.length;
    }
    tests += hostTests;
    failures += hostFailures;
    errors += hostErrors;
    skipped += hostSkipped;
    suites.push(
      `  <testsuite name="${xmlEscape(host.name)}" tests="${hostTests}" failures="${hostFailures}" errors="${hostErrors}" skipped="${hostSkipped}" timestamp="${xmlEscape(result.generatedAt.replace(/Z$/, ''))}" hostname="${xmlEscape(host.address)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="campaign-audit" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${verdictSuite(result)}\n${suites.join('\n')}\n</testsuites>\n`;
};

/**
 * Why a rule with no finding on a host was not checked there, or undefined when it ran (and
 * passed): the engine runs `version` rules on a host whose banner was read even when its
 * configuration was not (docs/architecture.md#rules), other rules only on hosts scanned `ok`.
 */
function whyNotChecked(rule: (typeof RULES)[number], host: HostReport, isCategoryChecked: boolean, isOff: boolean): string | undefined {
  if (!isCategoryChecked) return `not checked: ${rule.meta.category} rules were left out by --checks`;
  if (isOff) return 'not checked: the policy turned this rule off';
  if (host.status === 'ok') return undefined;
  const reason = `${host.status}${host.error ? `: ${host.error}` : ''}`;
  if (host.status === 'error' && host.product !== null && rule.meta.requires === 'version') return undefined;
  return host.product !== null ? `not checked: the host's configuration could not be read (${reason})` : `host not scanned: ${reason}`;
}

function where(finding: Finding): string {
  return [finding.instance && `instance ${finding.instance}`, finding.file, finding.path].filter(Boolean).join(' ');
}

/** The host's own case: passes when it was scanned, an <error> with its status and error when not. */
function scanCase(host: HostReport, builds: BuildTable): string {
  const open = `    <testcase classname="${xmlEscape(`campaign-audit.${host.name}`)}" name="scan">`;
  if (host.status === 'ok') return `${open}</testcase>`;
  const message = `host not scanned: ${host.status}${host.error ? `: ${host.error}` : ''}`;
  const version = hostVersionLabel(host, builds);
  // The version every other format shows for this host (hostVersionLabel), when its banner was read.
  const runs = [host.product, version, host.build === null ? null : `(build ${host.build})`].filter(Boolean).join(' ');
  const what = version !== undefined ? `runs ${runs}, but its configuration could not be read, so only the rules that need its build ran` : 'could not be scanned, so none of its rules was checked';
  return `${open}\n      <error type="${xmlEscape(host.status)}" message="${xmlEscape(message)}">${xmlEscape(`${host.name} (${host.address}) ${what}.\n${message}`)}</error>\n    </testcase>`;
}

function describe(finding: Finding): string {
  const place = where(finding);
  const note = finding.waived ? ` [waived: ${finding.waiverReason ?? ''}]` : finding.baseline ? ' [in baseline]' : '';
  return `[${finding.severity}] ${finding.message}${place ? ` (${place})` : ''}${note} fingerprint ${finding.fingerprint}`;
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
    // One line per category, in the words of every other format, then its verdict and count.
    ...RULE_CATEGORIES.flatMap((category): [string, string | number][] => {
      const line = verdict.categories[category];
      return [[`category.${category}`, line.text], [`category.${category}.verdict`, line.verdict], [`category.${category}.failOn`, line.failOn], [`category.${category}.gating`, line.gating]];
    }),
    ...(verdict.stale !== undefined ? [['buildData.stale', verdict.stale.text] as [string, string]] : []),
  ];
  const lines = properties.map(([name, value]) => `      <property name="${xmlEscape(name)}" value="${xmlEscape(String(value))}"/>`);
  const text = [verdictHeadline(verdict), ...verdict.details].join('\n');
  return `  <testsuite name="campaign-audit verdict" tests="0" failures="0" errors="0" skipped="0" timestamp="${xmlEscape(result.generatedAt.replace(/Z$/, ''))}">\n    <properties>\n${lines.join('\n')}\n    </properties>\n    <system-out>${xmlEscape(text)}</system-out>\n  </testsuite>`;
}
