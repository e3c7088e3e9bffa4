// SARIF 2.1.0 for code-scanning dashboards. Rules come from the registry metadata; results
// carry a stable partialFingerprint (the finding fingerprint, which ignores the message), so
// alerts survive rewording; waived findings are external suppressions.
import type { Finding, HostReport, Severity } from '../model.js';
import { RULES } from '../rules/index.js';
import { checksOfReport, isCategoryListed } from '../engine/categories.js';
import { mapStrings, printable, safeJson } from '../render/text.js';
import type { Reporter } from './types.js';
import { summarizeVerdict, verdictHeadline, type VerdictSummary } from './verdict.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const HOST_NOT_SCANNED = 'campaign-audit/host-not-scanned';
/** The per-host artifact of findings about the host rather than one of its files. */
export const PDUMP_ARTIFACT = 'nlserver-pdump';

export const sarif: Reporter = (report) => {
  // SARIF viewers show these strings as text: every one printable first, whatever its field.
  const result = mapStrings(report, printable);
  const verdict = summarizeVerdict(result);
  // The rules of the run: an opt-in category nobody asked for is not one of them (isCategoryListed).
  const checks = checksOfReport(result.policy);
  const rules = RULES.filter((rule) => isCategoryListed(rule.meta.category, checks) || result.findings.some((finding) => finding.ruleId === rule.id));
  const ruleIndex = new Map<string, number>(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            notifications: [
              {
                id: HOST_NOT_SCANNED,
                shortDescription: { text: 'A host could not be scanned: none of its rules was checked.' },
                fullDescription: { text: 'A host could not be scanned (unreachable, timeout, authentication, host key or collection error): none of its rules was checked, so the run is incomplete.' },
                help: { text: 'Fix what the notification names (see docs/ssh.md) and scan the host again.' },
                defaultConfiguration: { level: 'error' },
              },
            ],
            rules: rules.map(({ id, meta }) => ({
              id,
              name: id.replace(/[^A-Za-z0-9]+(.)/g, (_match, char: string) => char.toUpperCase()),
              shortDescription: { text: meta.summary },
              fullDescription: { text: `${meta.summary}. Default severity: ${meta.severity}.` },
              help: { text: `${meta.remediation} See ${meta.docs.url}.`, markdown: `${meta.remediation}\n\nSee \`${meta.docs.url}\`.` },
              defaultConfiguration: { level: LEVEL[meta.severity] },
              // Tags are unique in SARIF: a `security` rule's category is already the first tag.
              properties: { tags: [...new Set(['security', 'adobe-campaign', meta.category])], 'security-severity': SECURITY_SEVERITY[meta.severity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: verdict.notScanned === 0,
            endTimeUtc: result.generatedAt,
            toolExecutionNotifications: result.hosts.filter((host) => host.status !== 'ok').map(notScannedNotification),
            properties: { asOf: result.asOf, policy: result.policy, verdict: verdict.verdict, summary: verdictProperties(verdict) },
          },
        ],
        results: result.findings.map((finding) => toResult(finding, ruleIndex)),
        properties: { hosts: result.hosts.map((host) => ({ name: host.name, status: host.status, build: host.build, version: host.version })) },
      },
    ],
  };
  return safeJson(log);
};

/** A host that could not be scanned: an error notification, so the run is not read as clean. */
function notScannedNotification(host: HostReport): Record<string, unknown> {
  return {
    level: 'error',
    descriptor: { id: HOST_NOT_SCANNED, index: 0 },
    message: { text: `Host ${host.name} (${host.address}) could not be scanned: ${host.status}${host.error ? `: ${host.error}` : ''}.` },
    locations: [{ logicalLocations: [{ name: host.name, fullyQualifiedName: host.name, kind: 'module' }] }],
    properties: { host: host.name, address: host.address, status: host.status, ...(host.error !== undefined ? { error: host.error } : {}) },
  };
}

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  const logical = { name: finding.path ?? finding.instance ?? finding.host, fullyQualifiedName: [finding.host, finding.instance, finding.path].filter((part) => part !== null).join('/'), kind: 'element' };
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(finding) } }, logicalLocations: [logical] }],
    partialFingerprints: { 'campaignAudit/v1': finding.fingerprint },
    ...(finding.baseline !== undefined ? { baselineState: finding.baseline ? 'unchanged' : 'new' } : {}),
    ...(finding.waived ? { suppressions: [{ kind: 'external', justification: finding.waiverReason ?? '' }] } : {}),
    properties: { severity: finding.severity, host: finding.host, instance: finding.instance, ...(finding.hosts !== undefined ? { hosts: finding.hosts } : {}) },
  };
}

/**
 * The artifact a result sits on, as a relative URI: GitHub code scanning rejects a whole upload
 * when one result has no physical location or an absolute one (docs/reports.md#sarif--f-sarif).
 * A finding in a file: `<host>/<file>`; a finding about the host itself (its build, its product,
 * an instance's hosts that drifted apart): `<host>/nlserver-pdump`, the banner its build was
 * read from, the same artifact on every run so alerts keep their place.
 */
export function artifactUri(finding: Pick<Finding, 'host' | 'file'>): string {
  const segments = finding.file !== null ? finding.file.split('/') : [PDUMP_ARTIFACT];
  // An empty segment (`conf//x`, a host named "") would make `//`, which a URI reads as an authority.
  return [finding.host, ...segments].filter((segment) => segment !== '').map(uriSegment).join('/');
}

/** One path segment, percent-encoded; `.` and `..` encoded too, so no URI climbs out of its host. */
function uriSegment(segment: string): string {
  if (segment === '.' || segment === '..') return segment.replace(/\./g, '%2E');
  return encodeURIComponent(segment);
}

/** The verdict's counts, as the other formats state them (and its words, for a dashboard). */
export function verdictProperties(verdict: VerdictSummary): Record<string, unknown> {
  return {
    text: verdictHeadline(verdict),
    hosts: verdict.hosts,
    scanned: verdict.scanned,
    notScanned: verdict.notScanned,
    open: verdict.open,
    waived: verdict.waivedTotal,
    ...(verdict.hasBaseline ? { baselined: verdict.baselinedTotal } : {}),
    ...(verdict.baseline !== null ? { baseline: verdict.baseline } : {}),
    gating: verdict.gating,
    categories: verdict.categories,
    ...(verdict.stale !== undefined ? { staleBuildData: verdict.stale } : {}),
  };
}
