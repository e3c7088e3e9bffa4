// The demo fleet's result, computed once per test file (offline, deterministic as-of date).
import { fileURLToPath } from 'node:url';
import { createDirectoryTransport, discoverDirectoryTargets } from '../../src/collect/directory.js';
import { collectFleet } from '../../src/collect/fleet.js';
import { createRedactor } from '../../src/collect/redact.js';
import type { HostStatus, ScanResult, Snapshot } from '../../src/model.js';
import { defaultPolicy, redactedAttributes } from '../../src/engine/policy.js';
import { scanSnapshots, type ResultOptions } from '../../src/engine/result.js';
import { NOW } from './fixtures.js';

export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo', import.meta.url));

/** The demo fleet, plus `extra` snapshots (e.g. hosts that could not be scanned). */
export async function demoResult(overrides: Partial<ResultOptions> = {}, extra: readonly Snapshot[] = []): Promise<ScanResult> {
  const policy = overrides.policy ?? defaultPolicy();
  const snapshots = await collectFleet(await discoverDirectoryTargets(DEMO_DIR), createDirectoryTransport(), {
    concurrency: 4,
    commandTimeout: 10,
    redact: createRedactor(redactedAttributes(policy)),
    now: () => NOW,
  });
  return scanSnapshots([...snapshots, ...extra], { policy, asOf: '2026-11-27', generatedAt: NOW.toISOString(), tool: { name: 'campaign-audit', version: '0.0.0-test' }, ...overrides });
}

/** A host that could not be scanned, as the collector reports it. */
export function downHost(name: string, status: Exclude<HostStatus, 'ok'> = 'unreachable', error = 'connection refused'): Snapshot {
  return { schemaVersion: 1, host: { name, address: `${name}.example.test`, tags: [] }, transport: 'ssh', collectedAt: NOW.toISOString(), status, error, installDir: '/usr/local/neolane/nl6', confListing: [], files: [], pdump: null };
}
