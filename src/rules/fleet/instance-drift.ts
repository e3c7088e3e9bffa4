// docs/campaign.md#technical-account: setims*auth must run on every container of an instance, and
// the upgrade must reach them all; hosts of one instance that differ in build or credential are a
// half-done migration.
import { ALL_PRODUCTS, defineRule, type FleetInstance } from '../define.js';

/**
 * The first host name of each instance's members, worked out once per evaluation (the members
 * list is built once per evaluation: FleetRuleContext.instancesByName). Each of an instance's
 * hosts asks whether it is the first; sorting the members for each of them made 1,000 copies of
 * the demo fleet cost a few hundred ms, growing with the square of the hosts.
 */
const firstHosts = new WeakMap<readonly FleetInstance[], string>();

function firstHostOf(members: readonly FleetInstance[]): string | undefined {
  let first = firstHosts.get(members);
  if (first === undefined) {
    for (const member of members) if (first === undefined || member.host.name < first) first = member.host.name;
    if (first !== undefined) firstHosts.set(members, first);
  }
  return first;
}

export default defineRule({
  id: 'fleet/instance-drift',
  meta: {
    category: 'migration',
    severity: 'high',
    summary: 'The hosts of one instance run different builds or credentials',
    products: ALL_PRODUCTS,
    requires: 'fleet',
    plan: 'none',
    messages: {
      drift: 'Instance {instance} differs across its {count} hosts: {details}.',
    },
    tally: { unit: 'instance', one: '{count} instance whose hosts drifted apart', other: '{count} instances whose hosts drifted apart' },
    remediation: 'Bring every container of the instance to the same build and run the same setimsoauth on each, then rescan.',
  },
  // One finding per instance, not per host: one drift is one problem to fix, and counted once in
  // the totals. It names every host of the instance (Finding.hosts, shown by every format); its
  // `host` is the first of them by name, so its fingerprint does not move with the fix, and its
  // message gives each host's build and credential.
  check: ({ host, instancesByName }) =>
    host.instances.flatMap((instance) => {
      const all = instancesByName.get(instance.name) ?? [];
      if (all.length < 2 || firstHostOf(all) !== host.name) return [];
      const members = all
        .map((member) => ({ host: member.host.name, build: member.host.version?.build ?? null, credential: member.instance.credential }))
        .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
      if (members.length < 2 || members[0]?.host !== host.name) return [];
      const builds = new Set(members.map((member) => member.build).filter((build) => build !== null));
      const credentials = new Set(members.map((member) => member.credential).filter((credential) => credential !== 'unknown'));
      if (builds.size < 2 && credentials.size < 2) return [];
      const details = members.map((member) => `${member.host} build ${member.build ?? 'unknown'} ${member.credential}`).join('; ');
      return [{ messageId: 'drift' as const, data: { instance: instance.name, count: members.length, details }, instance: instance.name, file: instance.file, hosts: members.map((member) => member.host) }];
    }),
});
