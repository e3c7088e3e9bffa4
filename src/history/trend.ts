// Migration progress over saved JSON reports (`campaign-audit trend`): one point per as-of date
// with the counts a migration lead follows week after week. Pure: the CLI reads the reports and
// hands each one here with the name it was read under.
import { countBySeverity } from '../engine/evaluate.js';
import { DEFAULT_MIN_VERSION } from '../engine/policy.js';
import { CREDENTIALS, type Credential, type ScanResult, type SeverityCounts, type Verdict } from '../model.js';

export type CredentialCounts = Record<Credential, number>;

/** The figures of one report. */
export interface TrendPoint {
  asOf: string;
  generatedAt: string;
  /** Where the report was read from (a file name), for the reader; untrusted text. */
  source: string;
  hosts: number;
  scanned: number;
  notScanned: number;
  /**
   * Instances of Campaign v7 by credential, counted once per host they are configured on: an
   * instance on three containers counts three times, because each container's configuration
   * has to be migrated. v8 hosts (outside this migration) are left out.
   */
  instances: CredentialCounts;
  /** Scanned v7 hosts whose build is below the report's minimum (its policy.minBuild). */
  buildsBelowMinimum: number;
  /** Scanned v7 hosts whose build could not be read. */
  buildsUnknown: number;
  /** The minimum the report judged builds by, e.g. "7.4.1". */
  minVersion: string;
  /** Unwaived findings by severity (the report's open findings, baselined ones included). */
  open: SeverityCounts;
  waived: number;
  verdict: Verdict;
}

/** A report left out because another report has the same as-of date and was generated later. */
export interface SupersededReport {
  asOf: string;
  source: string;
  generatedAt: string;
  /** The source of the report used for that date instead. */
  usedSource: string;
}

export interface TrendChange {
  from: string;
  to: string;
  jwt: [number, number];
  oauth: [number, number];
  /** Open critical plus high findings. */
  criticalHigh: [number, number];
  buildsBelowMinimum: [number, number];
  notScanned: [number, number];
}

/** `trend --format json` (schemaVersion 1). */
export interface Trend {
  schemaVersion: 1;
  /** One per as-of date, oldest first. */
  points: TrendPoint[];
  superseded: SupersededReport[];
  /** First point against the last; null with fewer than two points. */
  change: TrendChange | null;
}

const countBy = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export function trendPoint(source: string, report: ScanResult): TrendPoint {
  const instances = countBy(CREDENTIALS);
  let buildsBelowMinimum = 0;
  let buildsUnknown = 0;
  const scannedV7 = report.hosts.filter((host) => host.status === 'ok' && host.product !== 'v8');
  for (const host of scannedV7) {
    for (const instance of host.instances) instances[instance.credential] += 1;
    if (host.build === null) buildsUnknown += 1;
    else if (host.build < report.policy.minBuild) buildsBelowMinimum += 1;
  }
  const open = countBySeverity(report.findings.filter((finding) => !finding.waived));
  const waived = report.findings.filter((finding) => finding.waived).length;
  const scanned = report.hosts.filter((host) => host.status === 'ok').length;
  return {
    asOf: report.asOf,
    generatedAt: report.generatedAt,
    source,
    hosts: report.hosts.length,
    scanned,
    notScanned: report.hosts.length - scanned,
    instances,
    buildsBelowMinimum,
    buildsUnknown,
    minVersion: report.policy.minVersion,
    open,
    waived,
    verdict: report.summary.verdict,
  };
}

/**
 * Points sorted by as-of date. Several reports of one date (two scans on the same day) give one
 * point: the one generated last, ties going to the one given last; the others are listed as
 * superseded, so the reader is told.
 */
export function buildTrend(points: readonly TrendPoint[]): Trend {
  const byDate = new Map<string, TrendPoint[]>();
  for (const point of points) byDate.set(point.asOf, [...(byDate.get(point.asOf) ?? []), point]);
  const kept: TrendPoint[] = [];
  const superseded: SupersededReport[] = [];
  for (const asOf of [...byDate.keys()].sort()) {
    const sameDay = byDate.get(asOf) ?? [];
    // Stable sort: equal generatedAt keeps the order given, and the last one wins.
    const ordered = [...sameDay].sort((a, b) => (a.generatedAt < b.generatedAt ? -1 : a.generatedAt > b.generatedAt ? 1 : 0));
    const used = ordered[ordered.length - 1];
    if (used === undefined) continue;
    kept.push(used);
    for (const other of ordered.slice(0, -1)) superseded.push({ asOf, source: other.source, generatedAt: other.generatedAt, usedSource: used.source });
  }
  return { schemaVersion: 1, points: kept, superseded, change: changeOf(kept) };
}

export const criticalHigh = (point: TrendPoint): number => point.open.critical + point.open.high;

/**
 * The minimum release the texts name ("hosts below 7.4.1"): the newest report's, since its
 * policy may have raised it; with no report at all, the default minimum.
 */
export function latestMinVersion(trend: Trend): string {
  return trend.points[trend.points.length - 1]?.minVersion ?? DEFAULT_MIN_VERSION;
}

function changeOf(points: readonly TrendPoint[]): TrendChange | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || first === last) return null;
  return {
    from: first.asOf,
    to: last.asOf,
    jwt: [first.instances.jwt, last.instances.jwt],
    oauth: [first.instances.oauth, last.instances.oauth],
    criticalHigh: [criticalHigh(first), criticalHigh(last)],
    buildsBelowMinimum: [first.buildsBelowMinimum, last.buildsBelowMinimum],
    notScanned: [first.notScanned, last.notScanned],
  };
}
