// Hand-made JSON reports for the trend tests: a few hosts and findings, written out in full so
// that every expected number in the tests can be counted by eye.
import type { Credential, Finding, HostReport, HostStatus, Product, RuleId, ScanResult, Severity } from '../../src/model.js';
import { SEVERITIES } from '../../src/model.js';

export interface HostSpec {
  name: string;
  status?: HostStatus;
  product?: Product | null;
  build?: number | null;
  instances?: Record<string, Credential>;
}

export function host(spec: HostSpec): HostReport {
  const status = spec.status ?? 'ok';
  return {
    name: spec.name,
    address: spec.name,
    status,
    ...(status === 'ok' ? {} : { error: 'connection refused' }),
    product: status === 'ok' ? (spec.product === undefined ? 'v7' : spec.product) : null,
    version: null,
    build: status === 'ok' ? (spec.build === undefined ? 9383 : spec.build) : null,
    instances: Object.entries(spec.instances ?? {}).map(([name, credential]) => ({ name, credential, file: `conf/config-${name}.xml` })),
  };
}

export function finding(ruleId: RuleId, severity: Severity, hostName: string, options: { waived?: boolean; instance?: string } = {}): Finding {
  return {
    ruleId,
    severity,
    host: hostName,
    instance: options.instance ?? null,
    file: null,
    path: null,
    message: `${ruleId} on ${hostName}`,
    fingerprint: `${ruleId}|${hostName}|${options.instance ?? ''}|${severity}`,
    waived: options.waived ?? false,
    ...(options.waived ? { waiverReason: 'accepted' } : {}),
  };
}

export function report(asOf: string, generatedAt: string, hosts: HostReport[], findings: Finding[]): ScanResult {
  const open = Object.fromEntries(SEVERITIES.map((severity) => [severity, findings.filter((entry) => !entry.waived && entry.severity === severity).length])) as Record<Severity, number>;
  const scanned = hosts.filter((entry) => entry.status === 'ok').length;
  const failing = open.critical + open.high > 0;
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-audit', version: '0.0.0-test' },
    generatedAt,
    asOf,
    policy: { cutoff: '2025-01-27', minVersion: '7.4.1', minBuild: 9383, failOn: 'high' },
    summary: {
      hosts: hosts.length,
      scanned,
      notScanned: hosts.length - scanned,
      findings: open,
      waived: findings.filter((entry) => entry.waived).length,
      verdict: failing ? 'fail' : scanned < hosts.length ? 'incomplete' : 'pass',
    },
    hosts,
    findings,
  };
}

/** Three weeks of one fleet: prod on two containers and a legacy host migrate; a v8 host stays out. */
export function threeWeeks(): ScanResult[] {
  const v8 = host({ name: 'v8-1', product: 'v8', build: 9412, instances: { cloud: 'jwt' } });
  return [
    report('2026-11-04', '2026-11-04T08:00:00Z', [
      host({ name: 'prod-1', build: 9368, instances: { prod: 'jwt' } }),
      host({ name: 'prod-2', build: 9383, instances: { prod: 'jwt', sandbox: 'none' } }),
      host({ name: 'legacy-1', build: 9032, instances: { legacy: 'jwt' } }),
      host({ name: 'odd-1', build: null, instances: { odd: 'incomplete' } }),
      v8,
    ], [
      finding('jwt/credential-present', 'critical', 'prod-1', { instance: 'prod' }),
      finding('jwt/credential-present', 'critical', 'prod-2', { instance: 'prod' }),
      finding('jwt/credential-present', 'critical', 'legacy-1', { instance: 'legacy' }),
      finding('build/below-minimum', 'critical', 'prod-1'),
      finding('build/below-minimum', 'critical', 'legacy-1'),
      finding('oauth/incomplete', 'high', 'odd-1', { instance: 'odd' }),
      finding('build/unknown', 'medium', 'odd-1'),
      finding('secrets/plaintext', 'high', 'legacy-1', { waived: true }),
      finding('product/v8', 'info', 'v8-1'),
    ]),
    report('2026-11-11', '2026-11-11T08:00:00Z', [
      host({ name: 'prod-1', build: 9383, instances: { prod: 'oauth' } }),
      host({ name: 'prod-2', build: 9383, instances: { prod: 'oauth', sandbox: 'none' } }),
      host({ name: 'legacy-1', status: 'unreachable' }),
      host({ name: 'odd-1', build: null, instances: { odd: 'incomplete' } }),
      v8,
    ], [
      finding('oauth/incomplete', 'high', 'odd-1', { instance: 'odd' }),
      finding('build/unknown', 'medium', 'odd-1'),
      finding('operators/native-api-enabled', 'medium', 'prod-1', { instance: 'prod' }),
      finding('product/v8', 'info', 'v8-1'),
    ]),
    report('2026-11-18', '2026-11-18T08:00:00Z', [
      host({ name: 'prod-1', build: 9383, instances: { prod: 'oauth' } }),
      host({ name: 'prod-2', build: 9383, instances: { prod: 'oauth', sandbox: 'none' } }),
      host({ name: 'legacy-1', build: 9383, instances: { legacy: 'oauth' } }),
      host({ name: 'odd-1', build: 9400, instances: { odd: 'oauth' } }),
      v8,
    ], [finding('product/v8', 'info', 'v8-1')]),
  ];
}

/**
 * The three weeks, the newest scanned with --checks migration,security,hardening (the older two
 * ran the default checks): two high hardening findings and a medium one, 2 critical and high.
 */
export function hardeningAddedLastWeek(): ScanResult[] {
  const [first, second, third] = threeWeeks();
  const findings = [
    ...third!.findings,
    finding('zones/public-rights', 'high', 'prod-1'),
    finding('exec/unrestricted', 'high', 'prod-2', { instance: 'prod' }),
    finding('sessions/timeout-long', 'medium', 'prod-1', { instance: 'prod' }),
  ];
  const last = report(third!.asOf, third!.generatedAt, third!.hosts, findings);
  return [first!, second!, { ...last, policy: { ...last.policy, checks: ['migration', 'security', 'hardening'] } }];
}
