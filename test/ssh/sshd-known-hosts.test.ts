// A large hashed known_hosts (`HashKnownHosts yes`, as ssh-keygen -H writes it) against a real
// sshd: with an HMAC per line, twice per host, on the event loop, 19 of 30 healthy hosts once timed
// out at --connect-timeout 3. Each host here has its own name ([127.0.0.N]:port, on two sshds:
// sshd listens on at most 16 sockets), so each one pays its own lookup.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashHostName } from '../../src/collect/ssh/hashed-names.js';
import type { ScanResult } from '../../src/model.js';
import { runMain } from '../helpers/cli-process.js';
import { sshdSkip, startFleet, type Sshd, type SshdFleet } from '../helpers/sshd.js';

/** As many ed25519 lines as fit in the 16 MiB known_hosts cap. */
const NOISE = 110_000;
/** 127.0.0.1 … 127.0.0.15 on each of two sshds: 30 names. */
const addresses = Array.from({ length: 15 }, (_, index) => `127.0.0.${index + 1}`);
const listen = addresses.slice(1).map((address) => `ListenAddress ${address}`);
const HOSTS = addresses.length * 2;

describe('known_hosts at scale against a real sshd', { skip: sshdSkip() }, () => {
  let fleet: SshdFleet;
  let second: Sshd;

  before(async () => {
    fleet = await startFleet({ hosts: 2, sshdConfig: listen });
    second = await fleet.startAnother('second', listen);
  });
  after(async () => {
    await fleet?.stop();
  });

  it(`${HOSTS} hosts, each under its own name in ${NOISE.toLocaleString('en-US')} hashed lines: all scanned at --connect-timeout 3`, async (t) => {
    const lines: string[] = [];
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKcFSpl1jHSaX3CtYsN0Rn07j0XJ4VLmlSmRj4zzDc5T';
    for (let index = 0; index < NOISE; index++) lines.push(`${hashHostName(`host-${index}.example.com`)} ${other}`);
    // Each host's line somewhere in the second half, as in a file that grew over the years.
    const targets = [fleet, second].flatMap((sshd) => addresses.map((address) => ({ sshd, address })));
    for (const [index, { sshd, address }] of targets.entries()) {
      lines.splice(NOISE / 2 + index * 1000, 0, sshd.knownHostsLine(hashHostName(`[${address}]:${sshd.port}`)));
    }
    const knownHosts = join(fleet.dir, 'kh-large');
    const text = `${lines.join('\n')}\n`;
    await writeFile(knownHosts, text);
    const inventory = join(fleet.dir, 'hosts-large.yaml');
    const hosts = targets.map(({ sshd, address }, index) => `  - name: host-${index + 1}\n    address: ${address}\n    port: ${sshd.port}\n    user: ${fleet.hosts[index % 2]?.user}\n`);
    await writeFile(inventory, `defaults:\n  identityFile: ${fleet.clientKey}\n  installDir: nl6\nhosts:\n${hosts.join('')}`);

    const cpu = process.cpuUsage();
    const started = Date.now();
    const run = await runMain(['scan', '-i', inventory, '--known-hosts', knownHosts, '--ssh-config', 'none', '--connect-timeout', '3', '--format', 'json', '--fail-on', 'none', '-q']);
    const used = process.cpuUsage(cpu);
    t.diagnostic(`${HOSTS} hosts in ${Date.now() - started} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU of the scanning process`);
    assert.notEqual(run.stdout, '', run.stderr);
    const report = JSON.parse(run.stdout) as ScanResult;
    const notOk = report.hosts.filter((host) => host.status !== 'ok').map((host) => `${host.name}: ${host.status} ${host.error ?? ''}`);
    assert.equal(report.hosts.length, HOSTS);
    assert.deepEqual(notOk, [], run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await readFile(knownHosts, 'utf8'), text, 'strict writes nothing');
  });
});
