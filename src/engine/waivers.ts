// Waivers (contract, docs/reports.md#waivers): an entry matches by fingerprint, or by ruleId + host
// (+ instance), or, for a rule about an instance (fleet/instance-drift), by ruleId + instance, and needs a reason and an expiry date (UTC, end of that day). A waived finding
// stays in every report, marked, and does not gate. Expired and unmatched waivers are listed.
import type { Finding, RuleId, WaiverEntry } from '../model.js';

/** `expires` is YYYY-MM-DD: the waiver holds through the end of that day (UTC). */
export type Waiver = Omit<WaiverEntry, 'matched'>;

export interface WaiverReport {
  /** Waivers in force and how many findings each covers. */
  applied: WaiverEntry[];
  /** Waivers past their date: they no longer apply, whatever they match. */
  expired: WaiverEntry[];
  /** Waivers in force that match no finding (stale or mistyped). */
  unmatched: WaiverEntry[];
}

/**
 * Rules whose finding is about an instance across its hosts, not about one host: a waiver may
 * name the instance alone (ruleId + instance), whichever host the finding is reported on.
 */
export const INSTANCE_RULES: readonly RuleId[] = ['fleet/instance-drift'];

export function matchesWaiver(waiver: Waiver, finding: Finding): boolean {
  if (waiver.fingerprint !== undefined) return waiver.fingerprint === finding.fingerprint;
  if (waiver.ruleId !== finding.ruleId) return false;
  if (waiver.host === undefined) return waiver.instance !== undefined && waiver.instance === finding.instance && INSTANCE_RULES.includes(finding.ruleId);
  const onHost = waiver.host === finding.host || (finding.hosts?.includes(waiver.host) ?? false);
  return onHost && (waiver.instance === undefined || waiver.instance === finding.instance);
}

/** Marks waived findings; pure, judged at the as-of date. */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], asOf: string): { findings: Finding[]; report: WaiverReport } {
  const report: WaiverReport = { applied: [], expired: [], unmatched: [] };
  const active = waivers.filter((waiver) => asOf <= waiver.expires);
  const result = findings.map((finding) => {
    const waiver = active.find((candidate) => matchesWaiver(candidate, finding));
    return waiver ? { ...finding, waived: true, waiverReason: waiver.reason } : finding;
  });
  for (const waiver of waivers) {
    const matched = findings.filter((finding) => matchesWaiver(waiver, finding)).length;
    if (asOf > waiver.expires) report.expired.push({ ...waiver, matched });
    else if (matched === 0) report.unmatched.push(waiver);
    else report.applied.push({ ...waiver, matched });
  }
  return { findings: result, report };
}
