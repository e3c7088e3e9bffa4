// Lookups buildPlan makes once per report, so that planning stays near-linear in hosts,
// instances and findings: a fleet (or a hostile server) with many instances must not be read
// once per instance.
import type { Finding, HostReport, InstanceReport } from '../model.js';

/** An instance on one of its hosts. */
export interface Member {
  host: HostReport;
  instance: InstanceReport;
}

/** The hosts of each instance, in scan order: one pass over the fleet, not one per instance. */
export function membersByInstance(scanned: readonly HostReport[]): Map<string, Member[]> {
  const members = new Map<string, Member[]>();
  for (const host of scanned) {
    const seen = new Set<string>();
    for (const instance of host.instances) {
      // The first entry of a name on a host stands for it, as a lookup by name would find.
      if (seen.has(instance.name)) continue;
      seen.add(instance.name);
      const list = members.get(instance.name) ?? [];
      if (list.length === 0) members.set(instance.name, list);
      list.push({ host, instance });
    }
  }
  return members;
}

/** An instance's open findings on the named hosts: its own, plus host-wide ones, in report order. */
export type FindingsOf = (hostNames: ReadonlySet<string>, instance: string) => Finding[];

/** Indexes the open (not waived) findings by host and instance, once. */
export function indexFindings(findings: readonly Finding[]): FindingsOf {
  const byHost = new Map<string, Map<string | null, number[]>>();
  findings.forEach((finding, position) => {
    if (finding.waived) return;
    const byInstance = byHost.get(finding.host) ?? new Map<string | null, number[]>();
    byHost.set(finding.host, byInstance);
    const positions = byInstance.get(finding.instance) ?? [];
    if (positions.length === 0) byInstance.set(finding.instance, positions);
    positions.push(position);
  });
  return (hostNames, instance) => {
    const positions: number[] = [];
    for (const host of hostNames) {
      const byInstance = byHost.get(host);
      for (const position of byInstance?.get(instance) ?? []) positions.push(position);
      for (const position of byInstance?.get(null) ?? []) positions.push(position);
    }
    return positions.sort((a, b) => a - b).flatMap((position) => findings[position] ?? []);
  };
}
