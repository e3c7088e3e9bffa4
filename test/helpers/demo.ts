// The demo fleet's result, computed once per test file (offline, deterministic as-of date).
import { fileURLToPath } from 'node:url';
import { createDirectoryTransport, discoverDirectoryTargets } from '../../src/collect/directory.js';
import { fleetSnapshots } from '../../src/collect/fleet.js';
import { createRedactor } from '../../src/collect/redact.js';
import type { HostStatus, ScanResult, Snapshot } from '../../src/model.js';
import { redactedAttributes } from '../../src/engine/policy.js';
import type { AuditOptions } from '../../src/engine/audit.js';
import { auditSnapshots, snapshotsFrom } from './audit.js';
import { NOW, POLICY, FINGERPRINTS } from './fixtures.js';

export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo', import.meta.url));

/** The demo fleet, plus `extra` snapshots (e.g. hosts that could not be scanned). */
export async function demoResult(overrides: Partial<AuditOptions> = {}, extra: readonly Snapshot[] = []): Promise<ScanResult> {
  const policy = overrides.policy ?? POLICY;
  const snapshots = await snapshotsFrom(fleetSnapshots(await discoverDirectoryTargets(DEMO_DIR), createDirectoryTransport(), {
    concurrency: 4,
    commandTimeout: 10,
    redact: createRedactor(redactedAttributes(policy), FINGERPRINTS),
    now: () => NOW,
  }));
  return auditSnapshots([...snapshots, ...extra], { policy, ...overrides });
}

/** A host that could not be scanned, as the collector reports it. */
export function downHost(name: string, status: Exclude<HostStatus, 'ok'> = 'unreachable', error = 'connection refused'): Snapshot {
  return { schemaVersion: 1, host: { name, address: `${name}.example.test`, tags: [] }, transport: 'ssh', collectedAt: NOW.toISOString(), status, error, installDir: '/usr/local/neolane/nl6', confListing: [], files: [], pdump: null };
}
