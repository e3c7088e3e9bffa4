// Which hosts a trend's reports hold, date to date (docs/trend.md): the hosts added, removed or
// not scanned since the report before, so that a drop in the figures can be told apart from
// hosts not seen; and the fleet check, since reports of two fleets mixed in one trend make the
// figures jump without anything having been migrated. Pure.

/** A host as a report lists it: its name (the label fingerprints, waivers and baselines key on) and whether it was scanned. */
export interface HostSeen {
  name: string;
  scanned: boolean;
}

export interface HostChange {
  asOf: string;
  source: string;
  /** The as-of date of the report before; null for the first date (which has only `notScanned`). */
  since: string | null;
  /** Hosts in this report that the report before did not list, sorted. */
  added: string[];
  /** Hosts the report before listed that this one does not, sorted. */
  removed: string[];
  /** Hosts this report lists but could not scan, sorted. */
  notScanned: string[];
}

/** One report of a pair that failed the fleet check. */
export interface FleetReport {
  asOf: string;
  source: string;
  hosts: number;
}

/** Two consecutive reports that look like two fleets: they share fewer than half the hosts of the smaller one. */
export interface FleetBreak {
  from: FleetReport;
  to: FleetReport;
  /** Host names both list. */
  shared: number;
}

interface Listed {
  point: { asOf: string; source: string };
  hosts: readonly HostSeen[];
}

const sorted = (names: Iterable<string>): string[] => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** One entry per report (in the order given: one per date, oldest first) in which a host came, went or was not scanned. */
export function hostChangesOf(reports: readonly Listed[]): HostChange[] {
  const changes: HostChange[] = [];
  let before: Listed | undefined;
  for (const report of reports) {
    const names = new Set(report.hosts.map((host) => host.name));
    const previous = new Set(before?.hosts.map((host) => host.name) ?? []);
    const change: HostChange = {
      asOf: report.point.asOf,
      source: report.point.source,
      since: before?.point.asOf ?? null,
      added: before === undefined ? [] : sorted([...names].filter((name) => !previous.has(name))),
      removed: sorted([...previous].filter((name) => !names.has(name))),
      notScanned: sorted(new Set(report.hosts.filter((host) => !host.scanned).map((host) => host.name))),
    };
    if (change.added.length + change.removed.length + change.notScanned.length > 0) changes.push(change);
    before = report;
  }
  return changes;
}

/**
 * One fleet, as docs/trend.md#one-fleet defines it: two consecutive reports belong to the same
 * fleet when at least half the hosts of the smaller one are also in the other (by name). A fleet
 * may grow and shrink from week to week; two fleets share no host, or a few. A report without
 * hosts is compared with nothing. The source options (paths, inventory files) are not compared:
 * one fleet is scanned from a laptop and from CI with different paths.
 */
export function compareFleets(reports: readonly Listed[]): FleetBreak[] {
  const breaks: FleetBreak[] = [];
  for (let index = 1; index < reports.length; index += 1) {
    const before = reports[index - 1];
    const after = reports[index];
    if (before === undefined || after === undefined) continue;
    const a = new Set(before.hosts.map((host) => host.name));
    const b = new Set(after.hosts.map((host) => host.name));
    if (a.size === 0 || b.size === 0) continue;
    const shared = [...a].filter((name) => b.has(name)).length;
    if (shared * 2 < Math.min(a.size, b.size)) {
      breaks.push({ from: { asOf: before.point.asOf, source: before.point.source, hosts: a.size }, to: { asOf: after.point.asOf, source: after.point.source, hosts: b.size }, shared });
    }
  }
  return breaks;
}
