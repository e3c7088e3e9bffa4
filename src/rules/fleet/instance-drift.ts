// DOMAIN.md §2: setims*auth must run on every container of an instance, and the upgrade must
// reach them all; hosts of one instance that differ in build or credential are a half-done migration.
import type { HostFacts } from '../../model.js';
import { ALL_PRODUCTS, defineRule } from '../define.js';

interface Member {
  host: string;
  build: number | null;
  credential: string;
  file: string;
}

export default defineRule({
  id: 'fleet/instance-drift',
  severity: 'high',
  summary: 'The hosts of one instance run different builds or credentials',
  products: ALL_PRODUCTS,
  messages: {
    drift: 'Instance {instance} differs across its {count} hosts: {details}.',
  },
  remediation: 'Bring every container of the instance to the same build and run the same setimsoauth on each, then rescan.',
  check: ({ host, fleet }) =>
    host.instances.flatMap((instance) => {
      const members = membersOf(fleet, instance.name);
      if (members.length < 2) return [];
      const builds = new Set(members.map((member) => member.build).filter((build) => build !== null));
      const credentials = new Set(members.map((member) => member.credential).filter((credential) => credential !== 'unknown'));
      if (builds.size < 2 && credentials.size < 2) return [];
      const details = members.map((member) => `${member.host} build ${member.build ?? 'unknown'} ${member.credential}`).join('; ');
      return [{ messageId: 'drift' as const, data: { instance: instance.name, count: members.length, details }, instance: instance.name, file: instance.file }];
    }),
});

/** instance name → its hosts, built once per fleet (the rule runs once per host: O(n), not O(n²)). */
const indexes = new WeakMap<readonly HostFacts[], Map<string, Member[]>>();

function membersOf(fleet: readonly HostFacts[], instance: string): Member[] {
  let index = indexes.get(fleet);
  if (index === undefined) {
    index = new Map();
    for (const host of fleet) {
      if (host.status !== 'ok') continue;
      for (const match of host.instances) {
        const members = index.get(match.name) ?? [];
        members.push({ host: host.name, build: host.version?.build ?? null, credential: match.credential, file: match.file });
        index.set(match.name, members);
      }
    }
    indexes.set(fleet, index);
  }
  return index.get(instance) ?? [];
}
