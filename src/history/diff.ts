// Compares two JSON reports to track migration progress
// (docs/reports.md#diff-json-diff-old-new--f-json): findings matched by fingerprint, and hosts
// whose status, build or credentials changed.
import type { Finding, HostReport, ScanResult } from '../model.js';

export interface HostState {
  status: HostReport['status'];
  build: number | null;
  version: string | null;
  credentials: Record<string, string>;
}

export interface HostChange {
  host: string;
  change: 'added' | 'removed' | 'changed';
  before: HostState | null;
  after: HostState | null;
  /** Human summary, e.g. "build 9368 → 9383; prod: jwt → oauth". */
  details: string;
}

/** Contract for `diff --format json` (docs/reports.md#diff-json-diff-old-new--f-json). */
export interface DiffResult {
  new: Finding[];
  resolved: Finding[];
  unchanged: Finding[];
  hostChanges: HostChange[];
}

export function diffReports(before: ScanResult, after: ScanResult): DiffResult {
  const oldByFingerprint = new Map(before.findings.map((finding) => [finding.fingerprint, finding]));
  const newFingerprints = new Set(after.findings.map((finding) => finding.fingerprint));
  return {
    new: after.findings.filter((finding) => !oldByFingerprint.has(finding.fingerprint)),
    resolved: before.findings.filter((finding) => !newFingerprints.has(finding.fingerprint)),
    unchanged: after.findings.filter((finding) => oldByFingerprint.has(finding.fingerprint)),
    hostChanges: diffHosts(before.hosts, after.hosts),
  };
}

function stateOf(host: HostReport): HostState {
  return {
    status: host.status,
    build: host.build,
    version: host.version,
    credentials: Object.fromEntries(host.instances.map((instance) => [instance.name, instance.credential])),
  };
}

function diffHosts(before: readonly HostReport[], after: readonly HostReport[]): HostChange[] {
  const oldHosts = new Map(before.map((host) => [host.name, stateOf(host)]));
  const newHosts = new Map(after.map((host) => [host.name, stateOf(host)]));
  const names = [...new Set([...oldHosts.keys(), ...newHosts.keys()])].sort();
  const changes: HostChange[] = [];
  for (const name of names) {
    const was = oldHosts.get(name) ?? null;
    const now = newHosts.get(name) ?? null;
    if (was === null && now !== null) changes.push({ host: name, change: 'added', before: null, after: now, details: `new host (${now.status})` });
    else if (was !== null && now === null) changes.push({ host: name, change: 'removed', before: was, after: null, details: 'no longer in the report' });
    else if (was !== null && now !== null) {
      const details = describeChange(was, now);
      if (details !== '') changes.push({ host: name, change: 'changed', before: was, after: now, details });
    }
  }
  return changes;
}

/**
 * An instance's credential, or 'absent'. Instance names come from the server: an own-key lookup,
 * so an instance named `constructor` or `toString` is never read from Object.prototype.
 */
function credentialOf(state: HostState, instance: string): string {
  return Object.hasOwn(state.credentials, instance) ? (state.credentials[instance] ?? 'absent') : 'absent';
}

function describeChange(was: HostState, now: HostState): string {
  const parts: string[] = [];
  if (was.status !== now.status) parts.push(`status ${was.status} → ${now.status}`);
  if (was.build !== now.build) parts.push(`build ${was.build ?? 'unknown'} → ${now.build ?? 'unknown'}`);
  for (const instance of [...new Set([...Object.keys(was.credentials), ...Object.keys(now.credentials)])].sort()) {
    const from = credentialOf(was, instance);
    const to = credentialOf(now, instance);
    if (from !== to) parts.push(`${instance}: ${from} → ${to}`);
  }
  return parts.join('; ');
}
