// A synthetic report for planning at scale: `count` instances on one host (so that a lookup per
// instance over the host's instances or the report's findings shows), each with four findings,
// and one host-wide finding. Used by test/plan/plan-scale.test.ts and bench/plan-scale.ts.
import type { Finding, HostReport, ScanResult } from '../../src/model.js';

const HOSTS = 1;

/** `count` instances on HOSTS hosts, each with four findings, and one host-wide finding per host. */
export function planFleet(count: number): ScanResult {
  const hosts: HostReport[] = Array.from({ length: HOSTS }, (_, index) => ({ name: `h${index}`, address: `h${index}`, status: 'ok', product: 'v7', version: '7.3.5', build: 9356, instances: [] }));
  const findings: Finding[] = [];
  const finding = (ruleId: Finding['ruleId'], host: string, instance: string | null): Finding => ({
    ruleId,
    severity: 'high',
    host,
    instance,
    file: instance === null ? 'conf/serverConf.xml' : `conf/config-${instance}.xml`,
    path: null,
    message: ruleId,
    fingerprint: `${ruleId}/${host}/${instance ?? ''}`,
    waived: false,
  });
  for (const host of hosts) findings.push(finding('build/below-minimum', host.name, null));
  for (let index = 0; index < count; index += 1) {
    const name = `i${index}`;
    const host = hosts[index % HOSTS]!;
    host.instances.push({ name, credential: 'jwt', file: `conf/config-${name}.xml` });
    for (const ruleId of ['jwt/credential-present', 'oauth/incomplete', 'operators/native-api-enabled', 'secrets/plaintext'] as const) findings.push(finding(ruleId, host.name, name));
  }
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-audit', version: '0.0.0-test' },
    generatedAt: '2026-11-27T00:00:00Z',
    asOf: '2026-11-27',
    policy: { cutoff: '2025-01-27', minVersion: '7.4.1', minBuild: 9383, failOn: 'high' },
    // The plan does not read the summary.
    summary: { hosts: HOSTS, scanned: HOSTS, notScanned: 0, findings: { info: 0, low: 0, medium: 0, high: findings.length, critical: 0 }, waived: 0, verdict: 'fail' },
    hosts,
    findings,
  };
}

