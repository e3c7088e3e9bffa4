// scan --dir on a real FUSE mount (sshfs over a local sftp-server, no network): the scan warns, in
// one line before it starts, that reads there have no time limit, and still scans every host.
// Skipped where sshfs or FUSE mounts are not available (a container without /dev/fuse).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, ROOT, runBinary } from '../helpers/cli-process.js';

const SSHFS = '/usr/bin/sshfs';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
const scratch = mkdtempSync(join(tmpdir(), 'ca-fuse-'));
const mountPoint = join(scratch, 'copies');
let mounted = false;

function mountSkip(): string | false {
  if (process.platform !== 'linux') return 'Linux only';
  if (!existsSync(SSHFS) || !existsSync(SFTP_SERVER)) return `needs ${SSHFS} and ${SFTP_SERVER} (apt-get install sshfs openssh-server)`;
  if (!existsSync('/dev/fuse')) return 'no /dev/fuse on this machine';
  return false;
}

const skip = mountSkip();
if (skip) process.stderr.write(`# skipping: ${skip}\n`);

describe('scan --dir on a FUSE mount', { skip }, () => {
  before(() => {
    ensureBuilt();
    // sshfs runs "SSH_COMMAND host -s sftp"; this one ignores its arguments and serves the local disk.
    const fakeSsh = join(scratch, 'fake-ssh');
    writeFileSync(fakeSsh, `#!/bin/sh\nexec ${SFTP_SERVER}\n`);
    chmodSync(fakeSsh, 0o755);
    mkdirSync(mountPoint);
    const run = spawnSync(SSHFS, ['-o', `ssh_command=${fakeSsh}`, `localhost:${join(ROOT, 'fixtures', 'demo')}`, mountPoint], { encoding: 'utf8', timeout: 20_000 });
    mounted = run.status === 0;
  });
  after(() => {
    if (mounted) spawnSync('fusermount', ['-u', mountPoint], { timeout: 20_000 });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('warns in one line that the mount is FUSE and read without a time limit, and scans every host', async (t) => {
    if (!mounted) return t.skip('this machine refused the FUSE mount (a container without the right)');
    const run = await runBinary(['scan', '--dir', mountPoint, '-f', 'json', '--fail-on', 'none']);
    assert.equal(run.code, 0, run.stderr);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('campaign-audit: warning:'));
    assert.deepEqual(warnings, [`campaign-audit: warning: --dir ${mountPoint} is on FUSE, a remote filesystem: host folders are read without a time limit there, so a mount that stops answering holds the scan; copy them to a local disk first (docs/collect.md)`]);
    const report = JSON.parse(run.stdout) as { hosts: { status: string }[] };
    assert.equal(report.hosts.length, 13);
  });
});
