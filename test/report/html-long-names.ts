// A fleet whose every string is long, unbroken or hostile: 100-character host names, long
// domain addresses, instance names with markup, a host that could not be scanned with a long
// error, long file paths in findings and a waiver reason with markup. Pages must still fit.
import type { ScanResult } from '../../src/model.js';

const run = (prefix: string, length: number): string => prefix + 'x'.repeat(length);

export function longNameResult(base: ScanResult): ScanResult {
  const result: ScanResult = structuredClone(base);
  const renamed = new Map<string, string>();
  result.hosts.forEach((host, index) => {
    const name = index % 2 === 1 ? run(`${host.name}-datacenter-frankfurt-rack-`, 90) : `${host.name}<img src=x onerror=alert(1)>`;
    renamed.set(host.name, name);
    host.name = name;
    host.address = `${host.address}.${'very-long-subdomain.'.repeat(6)}example.com`;
    for (const instance of host.instances) instance.name = index % 3 === 0 ? `${instance.name}"'><script>alert(1)</script>` : run(`${instance.name}_marketing_instance_`, 50);
  });
  result.hosts.push({ name: run('unreachable-', 100), address: '10.0.0.99', status: 'unreachable', error: `connect ECONNREFUSED ${'a'.repeat(300)}`, product: null, version: null, build: null, instances: [] });
  result.summary.hosts += 1;
  result.summary.notScanned += 1;
  for (const finding of result.findings) {
    finding.host = renamed.get(finding.host) ?? finding.host;
    finding.message = `${finding.message} conf/${'deeply/nested/'.repeat(12)}config-${'y'.repeat(80)}.xml`;
    if (finding.file !== null) finding.file = `conf/config-${'z'.repeat(150)}.xml`;
  }
  const first = result.findings[0];
  if (first !== undefined) {
    first.waiverReason = `CHG-${'9'.repeat(200)} <b>bold</b>`;
  }
  return result;
}
