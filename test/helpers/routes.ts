// A demo report as an SSH scan would have written it: every host with a route (docs/reports.md,
// hosts[].route) and the scan's source options, so that the plan's runners have something to reach.
import type { HostRoute, ScanResult } from '../../src/model.js';

/** Each host gets `route(index)`, default: root@10.0.0.<n> on port 22022, one known_hosts file. */
export function withRoutes(result: ScanResult, route: (index: number) => HostRoute = (index) => ({ address: `10.0.0.${index + 1}`, port: 22022, user: 'root', knownHosts: ['/home/ops/.ssh/known_hosts'], hostKeyPolicy: 'strict' })): ScanResult {
  return {
    ...result,
    hosts: result.hosts.map((host, index) => ({ ...host, installDir: host.installDir ?? '/usr/local/neolane/nl6', route: route(index) })),
    source: { kind: 'ssh', options: ['--inventory', 'hosts.yaml'] },
  };
}
