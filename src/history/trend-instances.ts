// Instances counted once for the trend (docs/trend.md): an instance is one name across the
// containers it is configured on, and Campaign's technical account is set per container
// (docs/campaign.md#technical-account), so an instance is migrated only when every one of its
// hosts has OAuth and none has JWT. Pure.
import type { HostReport } from '../model.js';

export interface InstanceProgress {
  /** Instances to migrate: a technical account (any credential but `none`) on at least one scanned v7 host. */
  instances: number;
  /** Of those, the ones whose every host has OAuth (so none has JWT). */
  migrated: number;
  /**
   * migrated / instances in whole percent, rounded down so that 100 means every instance (99.6 %
   * reads 99); null when there is no instance to migrate.
   */
  percent: number | null;
  /** Instances with JWT on at least one host. */
  onJwt: number;
  /** Containers (scanned v7 hosts) with at least one instance on JWT. */
  hostsOnJwt: number;
  /**
   * Instances with no technical account on any host: nothing to migrate (the plan skips them
   * too, as no-technical-account), so they are not in `instances`.
   */
  withoutAccount: number;
}

/** The progress over the scanned v7 hosts of one report (the caller leaves out v8 and hosts not scanned). */
export function instanceProgress(hosts: readonly Pick<HostReport, 'instances'>[]): InstanceProgress {
  const credentials = new Map<string, string[]>();
  let hostsOnJwt = 0;
  for (const host of hosts) {
    if (host.instances.some((instance) => instance.credential === 'jwt')) hostsOnJwt += 1;
    for (const instance of host.instances) credentials.set(instance.name, [...(credentials.get(instance.name) ?? []), instance.credential]);
  }
  let instances = 0;
  let migrated = 0;
  let onJwt = 0;
  let withoutAccount = 0;
  for (const own of credentials.values()) {
    if (own.every((credential) => credential === 'none')) {
      withoutAccount += 1;
      continue;
    }
    instances += 1;
    if (own.every((credential) => credential === 'oauth')) migrated += 1;
    if (own.includes('jwt')) onJwt += 1;
  }
  return { instances, migrated, percent: instances === 0 ? null : Math.floor((migrated * 100) / instances), onJwt, hostsOnJwt, withoutAccount };
}
