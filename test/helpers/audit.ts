// The audit core as the tests drive it: hand-made snapshots judged the one way the CLI judges
// them (engine/audit.ts), and a snapshot source read back into a list in fleet order.
import { audit, snapshotsOf, type AuditOptions, type SnapshotSource, type SourcedSnapshot } from '../../src/engine/audit.js';
import { evidenceFiles, evidenceSnapshots, EvidenceWriter } from '../../src/collect/evidence.js';
import { fleetSnapshots, type FleetOptions } from '../../src/collect/fleet.js';
import type { Redactor } from '../../src/collect/redact.js';
import type { Transport } from '../../src/collect/transport.js';
import type { HostTarget, ScanResult, Snapshot } from '../../src/model.js';
import { FINGERPRINTS, NOW, POLICY } from './fixtures.js';

export const TEST_TOOL = { name: 'campaign-audit', version: '0.0.0-test' };

/** Judges `snapshots` with the default policy as of 2026-11-27, unless `overrides` say otherwise. */
export function auditSnapshots(snapshots: Iterable<Snapshot>, overrides: Partial<AuditOptions> = {}): Promise<ScanResult> {
  return audit(snapshotsOf(snapshots), { policy: POLICY, fingerprints: FINGERPRINTS, asOf: '2026-11-27', now: () => NOW, tool: TEST_TOOL, ...overrides });
}

/** Every host a source yields, with its index, in the order it yielded them. */
export async function drain(source: SnapshotSource): Promise<SourcedSnapshot[]> {
  const hosts: SourcedSnapshot[] = [];
  for await (const host of source) hosts.push(host);
  return hosts;
}

/** The snapshots a source yields, in fleet order (their index), whatever order they came in. */
export async function snapshotsFrom(source: SnapshotSource): Promise<Snapshot[]> {
  const hosts = await drain(source);
  return hosts.sort((a, b) => a.index - b.index).map((host) => host.snapshot);
}

/** --evidence PATH read back whole: every saved snapshot, checked and redacted, in file order. */
export async function loadEvidence(path: string, redact: Redactor): Promise<Snapshot[]> {
  return snapshotsFrom(evidenceSnapshots(await evidenceFiles(path), redact));
}

/** --save-evidence DIR for snapshots already in hand: the paths written, in order. */
export async function saveEvidence(dir: string, snapshots: readonly Snapshot[]): Promise<string[]> {
  const writer = await EvidenceWriter.open(dir);
  for (const snapshot of snapshots) await writer.write(writer.reserve(snapshot.host.name), snapshot);
  return writer.written;
}

/** A fleet collected whole, in target order (what `scan` streams, gathered for a test to inspect). */
export function collectFleet(targets: readonly HostTarget[], transport: Transport, options: FleetOptions): Promise<Snapshot[]> {
  return snapshotsFrom(fleetSnapshots(targets, transport, options));
}
