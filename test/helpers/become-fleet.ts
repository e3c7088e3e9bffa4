// A fleet for the plan runners' --become tests: host 0 logs in, host 1 owns a JWT instance `shop`
// in a private (0700) home with the recording fake nlserver, and a real sudo lets 0 run only sh
// as 1 without a password (the narrow rule docs/ssh.md recommends).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { RECORDING_NLSERVER, shopConfig } from './fake-nlserver.js';
import { PDUMP_7_4_1, SERVER_CONF, startFleet, type FleetHost, type SshdFleet } from './sshd.js';

export interface BecomeFleet {
  fleet: SshdFleet;
  login: FleetHost;
  owner: FleetHost;
  /** Stops the fleet and removes the sudoers file. */
  stop(): Promise<void>;
}

export async function startBecomeFleet(): Promise<BecomeFleet> {
  const fleet = await startFleet({
    hosts: [{ conf: {}, nlserver: false }, { homeMode: 0o700, conf: { 'serverConf.xml': SERVER_CONF, 'config-shop.xml': shopConfig() }, pdump: PDUMP_7_4_1, nlserver: RECORDING_NLSERVER }],
  });
  const [login, owner] = fleet.hosts;
  assert.ok(login && owner);
  const sudoers = `/etc/sudoers.d/campaign-audit-test-${fleet.prefix}`;
  await writeFile(sudoers, `${login.user} ALL=(${owner.user}) NOPASSWD: /bin/sh, /usr/bin/sh\n`, { mode: 0o440 });
  const check = spawnSync('/usr/sbin/visudo', ['-c', '-f', sudoers], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  return {
    fleet,
    login,
    owner,
    stop: async () => {
      await rm(sudoers, { force: true });
      await fleet.stop();
    },
  };
}
