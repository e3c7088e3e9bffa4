// Migration progress over saved JSON reports (`campaign-audit trend`, docs/trend.md): one point
// per as-of date with the counts a migration lead follows week after week, the deadlines that
// fall inside the range, the hosts that came, went or were not scanned between two reports, and
// the pairs of reports that look like two different fleets. Pure: the CLI reads the reports and
// hands each one here with the name it was read under.
import { categoryOf, checksOfReport } from '../engine/categories.js';
import { countBySeverity } from '../engine/evaluate.js';
import { DEFAULT_MIN_VERSION } from '../engine/policy.js';
import { CREDENTIALS, RULE_CATEGORIES, type Credential, type RuleCategory, type ScanResult, type SeverityCounts, type Verdict } from '../model.js';
import { compareFleets, hostChangesOf, type FleetBreak, type HostChange, type HostSeen } from './trend-hosts.js';
import { deadlinesWithin, type Deadline } from './trend-deadlines.js';
import { instanceProgress, type InstanceProgress } from './trend-instances.js';

export type { Deadline, FleetBreak, HostChange, HostSeen, InstanceProgress };

export type CredentialCounts = Record<Credential, number>;

/** The figures of one report. */
export interface TrendPoint {
  asOf: string;
  generatedAt: string;
  /** The report's file name, without its folder (the reader's local paths stay out of the trend); untrusted text. */
  source: string;
  hosts: number;
  scanned: number;
  notScanned: number;
  /**
   * Instance configurations of Campaign v7 by credential, counted once per host they are
   * configured on (an instance on three containers counts three times). `migration` counts
   * instances once. v8 hosts (outside this migration) are left out.
   */
  instances: CredentialCounts;
  /** Instances counted once, across their hosts: how many are migrated, how many still on JWT (JSON extension). */
  migration: InstanceProgress;
  /** Scanned v7 hosts whose build is below the report's minimum (its policy.minBuild). */
  buildsBelowMinimum: number;
  /** Scanned v7 hosts whose build could not be read. */
  buildsUnknown: number;
  /** The minimum the report judged builds by, e.g. "7.4.1". */
  minVersion: string;
  /** The report's JWT cutoff (its policy.cutoff) (JSON extension). */
  cutoff: string;
  /** Unwaived findings by severity (the report's open findings, baselined ones included). */
  open: SeverityCounts;
  /**
   * The categories whose rules the report ran, in RULE_CATEGORIES order: its policy.checks, or
   * migration and security when absent (docs/reports.md#categories) (JSON extension).
   */
  checks: RuleCategory[];
  /**
   * The same findings by category (docs/reports.md#categories), one entry per category the
   * report ran (`checks`): a category it did not run has no entry, since "0 open" would claim a
   * check that never happened. A finding of a rule id this version does not know, or of a
   * category the report did not run, is in `open` only (JSON extension).
   */
  openByCategory: Partial<Record<RuleCategory, SeverityCounts>>;
  waived: number;
  verdict: Verdict;
}

/** One report as the trend takes it: its figures and the hosts it lists (kept out of the JSON, which stays one line per date). */
export interface TrendInput {
  point: TrendPoint;
  hosts: readonly HostSeen[];
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
  /** Instance configurations on JWT (per host, as `instances.jwt`). */
  jwt: [number, number];
  oauth: [number, number];
  /** Open critical plus high findings. */
  criticalHigh: [number, number];
  buildsBelowMinimum: [number, number];
  notScanned: [number, number];
  /** Instances migrated, counted once (JSON extension, as the ones below). */
  migrated: [number, number];
  /** Instances to migrate, counted once. */
  toMigrate: [number, number];
  /** Instances with JWT on at least one host, counted once. */
  instancesOnJwt: [number, number];
  /** Containers (scanned v7 hosts) with an instance on JWT. */
  hostsOnJwt: [number, number];
  /**
   * Open critical plus high findings of each category of the trend (`Trend.categories`); null
   * at a date whose report did not run that category (not checked, not 0).
   */
  categories: Partial<Record<RuleCategory, CategoryPair>>;
}

/** A category's figure on the first date and the last; null: that report did not run the category. */
export type CategoryPair = [number | null, number | null];

/** `trend --format json` (schemaVersion 1; fields marked JSON extension were added within it). */
export interface Trend {
  schemaVersion: 1;
  /**
   * The categories at least one report of the trend ran, in RULE_CATEGORIES order: the only ones
   * any format shows, so an opt-in category nobody ran (hardening) is not shown as 0 (JSON extension).
   */
  categories: RuleCategory[];
  /** One per as-of date, oldest first. */
  points: TrendPoint[];
  superseded: SupersededReport[];
  /** First point against the last; null with fewer than two points. */
  change: TrendChange | null;
  /** The JWT deadlines and report cutoffs from the first date to the last, oldest first (JSON extension). */
  deadlines: Deadline[];
  /** Per date, the hosts added, removed or not scanned since the date before (JSON extension). */
  hostChanges: HostChange[];
  /** Consecutive reports that share too few hosts to be one fleet (docs/trend.md#one-fleet); the CLI refuses them without --allow-mixed (JSON extension). */
  mixedFleets: FleetBreak[];
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
  const unwaived = report.findings.filter((finding) => !finding.waived);
  const open = countBySeverity(unwaived);
  const checks = checksOfReport(report.policy);
  const openByCategory: Partial<Record<RuleCategory, SeverityCounts>> = Object.fromEntries(checks.map((category) => [category, countBySeverity(unwaived.filter((finding) => categoryOf(finding) === category))]));
  const waived = report.findings.length - unwaived.length;
  const scanned = report.hosts.filter((host) => host.status === 'ok').length;
  return {
    asOf: report.asOf,
    generatedAt: report.generatedAt,
    source,
    hosts: report.hosts.length,
    scanned,
    notScanned: report.hosts.length - scanned,
    instances,
    migration: instanceProgress(scannedV7),
    buildsBelowMinimum,
    buildsUnknown,
    minVersion: report.policy.minVersion,
    cutoff: report.policy.cutoff,
    open,
    checks,
    openByCategory,
    waived,
    verdict: report.summary.verdict,
  };
}

/** A report's figures and its host list, as buildTrend takes them. */
export function trendInput(source: string, report: ScanResult): TrendInput {
  return { point: trendPoint(source, report), hosts: report.hosts.map((host) => ({ name: host.name, scanned: host.status === 'ok' })) };
}

const byGenerated = (a: TrendInput, b: TrendInput): number => (a.point.generatedAt < b.point.generatedAt ? -1 : a.point.generatedAt > b.point.generatedAt ? 1 : 0);

/**
 * Points sorted by as-of date. Several reports of one date (two scans on the same day) give one
 * point: the one generated last, ties going to the one given last; the others are listed as
 * superseded, so the reader is told. Every report given, superseded ones included, is compared
 * with the one before it for the fleet check.
 */
export function buildTrend(inputs: readonly TrendInput[]): Trend {
  const byDate = new Map<string, TrendInput[]>();
  for (const input of inputs) byDate.set(input.point.asOf, [...(byDate.get(input.point.asOf) ?? []), input]);
  const kept: TrendInput[] = [];
  const all: TrendInput[] = [];
  const superseded: SupersededReport[] = [];
  for (const asOf of [...byDate.keys()].sort()) {
    // Stable sort: equal generatedAt keeps the order given, and the last one wins.
    const ordered = [...(byDate.get(asOf) ?? [])].sort(byGenerated);
    const used = ordered[ordered.length - 1];
    if (used === undefined) continue;
    kept.push(used);
    all.push(...ordered);
    for (const other of ordered.slice(0, -1)) superseded.push({ asOf, source: other.point.source, generatedAt: other.point.generatedAt, usedSource: used.point.source });
  }
  const points = kept.map((input) => input.point);
  return {
    schemaVersion: 1,
    categories: categoriesOf(points),
    points,
    superseded,
    change: changeOf(points),
    deadlines: deadlinesWithin(points),
    hostChanges: hostChangesOf(kept),
    mixedFleets: compareFleets(all),
  };
}

export const criticalHigh = (counts: SeverityCounts): number => counts.critical + counts.high;

/** The categories at least one point's report ran, in RULE_CATEGORIES order. */
function categoriesOf(points: readonly TrendPoint[]): RuleCategory[] {
  return RULE_CATEGORIES.filter((category) => points.some((point) => point.checks.includes(category)));
}

/** Open critical and high findings of a category at one date; null when that report did not run it. */
export function categoryFigure(point: TrendPoint, category: RuleCategory): number | null {
  const counts = point.checks.includes(category) ? point.openByCategory[category] : undefined;
  return counts === undefined ? null : criticalHigh(counts);
}

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
  const pair = (value: (point: TrendPoint) => number): [number, number] => [value(first), value(last)];
  return {
    from: first.asOf,
    to: last.asOf,
    jwt: pair((point) => point.instances.jwt),
    oauth: pair((point) => point.instances.oauth),
    criticalHigh: pair((point) => criticalHigh(point.open)),
    buildsBelowMinimum: pair((point) => point.buildsBelowMinimum),
    notScanned: pair((point) => point.notScanned),
    migrated: pair((point) => point.migration.migrated),
    toMigrate: pair((point) => point.migration.instances),
    instancesOnJwt: pair((point) => point.migration.onJwt),
    hostsOnJwt: pair((point) => point.migration.hostsOnJwt),
    categories: Object.fromEntries(categoriesOf(points).map((category): [RuleCategory, CategoryPair] => [category, [categoryFigure(first, category), categoryFigure(last, category)]])),
  };
}
