import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { execFileSync } from 'node:child_process';
import { concatSshConfigs, loadSshConfig, resolveSshHost, SSH_CONFIG_LIMITS, type SshConfigContext } from '../../src/collect/ssh/config.js';
import { resolveTargets } from '../../src/collect/ssh/targets.js';

describe('ssh_config', () => {
  let home: string;
  let context: SshConfigContext;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'ssh-config-'));
    context = { home, localUser: 'alice' };
    await mkdir(join(home, '.ssh', 'conf.d'), { recursive: true });
  });
  after(() => rm(home, { recursive: true, force: true }));

  const write = async (relative: string, text: string): Promise<string> => {
    const path = join(home, relative);
    await writeFile(path, text);
    return path;
  };

  it('resolves HostName, User, Port, IdentityFile and ProxyJump, first value wins', async () => {
    const file = await write(
      '.ssh/config',
      [
        '# fleet',
        'Host mkt-prod-* !mkt-prod-9',
        '  HostName %h.example.com',
        '  User neolane',
        '  IdentityFile ~/.ssh/campaign_ed25519',
        '  ProxyJump ops@bastion.example.com:2200',
        'Host mkt-prod-9',
        '  HostName 10.9.9.9',
        'Host "quoted host"',
        '  Port 2222',
        'Match exec "true"',
        '  User never',
        'Host *',
        '  User=fallback',
        '  Port 2200',
        '  IdentityFile %d/.ssh/id_%r',
        '  ServerAliveInterval 30',
      ].join('\n'),
    );
    const config = await loadSshConfig(file, context);
    assert.deepEqual(resolveSshHost(config, 'mkt-prod-1', context), {
      hostName: 'mkt-prod-1.example.com',
      user: 'neolane',
      port: 2200,
      identityFiles: [join(home, '.ssh/campaign_ed25519'), join(home, '.ssh/id_neolane')],
      proxyJump: ['ops@bastion.example.com:2200'],
    });
    // Negated pattern: mkt-prod-9 skips the first block.
    assert.deepEqual(resolveSshHost(config, 'mkt-prod-9', context), {
      hostName: '10.9.9.9',
      user: 'fallback',
      port: 2200,
      identityFiles: [join(home, '.ssh/id_fallback')],
    });
    assert.equal(resolveSshHost(config, 'quoted host', context).port, 2222);
    assert.equal(resolveSshHost(config, 'other', context).user, 'fallback', 'Match blocks are not applied');
  });

  it('follows Include with globs, relative to ~/.ssh, inside and outside Host blocks', async () => {
    await write('.ssh/conf.d/10-mid.conf', 'Host mid-*\n  User mid\n  Port 2022\n');
    await write('.ssh/conf.d/20-rt.conf', 'Host rt-*\n  User rt\n');
    await write('.ssh/only-for-lab.conf', 'User labuser\nHost *\n  Port 2999\n');
    const file = await write('.ssh/config-include', ['Include conf.d/*.conf', 'Host lab-*', '  Include only-for-lab.conf', 'Host *', '  ProxyJump none'].join('\n'));
    const config = await loadSshConfig(file, context);
    assert.deepEqual(resolveSshHost(config, 'mid-1', context), { user: 'mid', port: 2022, identityFiles: [], proxyJump: [] });
    assert.equal(resolveSshHost(config, 'rt-1', context).user, 'rt');
    assert.deepEqual(resolveSshHost(config, 'lab-1', context), { user: 'labuser', port: 2999, identityFiles: [], proxyJump: [] });
    // Included from a block that does not match: its Host * never applies (OpenSSH SSHCONF_NEVERMATCH).
    assert.deepEqual(resolveSshHost(config, 'mkt-1', context), { identityFiles: [], proxyJump: [] });
  });

  it('reads a user config before the system one', async () => {
    const user = await write('.ssh/user.conf', 'Host a\n  User from-user\n');
    const system = await write('.ssh/system.conf', 'Host *\n  User from-system\n  Port 2201\n');
    const config = concatSshConfigs([await loadSshConfig(user, context), await loadSshConfig(system, context, { system: true })]);
    assert.deepEqual(resolveSshHost(config, 'a', context), { user: 'from-user', port: 2201, identityFiles: [] });
  });

  it('names the file and line of a bad value, and refuses Include loops', async () => {
    const bad = await write('.ssh/bad.conf', 'Host x\n  Port banana\n');
    const config = await loadSshConfig(bad, context);
    assert.throws(() => resolveSshHost(config, 'x', context), (error: Error) => error instanceof InputError && /bad\.conf line 2: Port must be a number/.test(error.message));
    const loop = await write('.ssh/loop.conf', 'Include loop.conf\n');
    await assert.rejects(loadSshConfig(loop, context), /Include loop/);
    await assert.rejects(loadSshConfig(join(home, 'missing'), context), (error: Error) => error instanceof InputError && /: no such file$/.test(error.message));
  });

  it('bounds the files, lines and bytes an ssh_config and its Includes read, not only loops', async () => {
    // Today: three Includes per level, ten levels deep, were 59 000 reads (19 s); sixteen never ended.
    await mkdir(join(home, '.ssh', 'fan'), { recursive: true });
    for (let level = 0; level < 10; level += 1) {
      const next = level === 9 ? '' : `Include fan/l${level + 1}.conf fan/l${level + 1}.conf fan/l${level + 1}.conf\n`;
      await write(`.ssh/fan/l${level}.conf`, `${next}Host h${level}\n  User u\n`);
    }
    const started = Date.now();
    await assert.rejects(loadSshConfig(join(home, '.ssh', 'fan', 'l0.conf'), context), (error: Error) =>
      error instanceof InputError && /fan\/l0\.conf: its Includes read more than 256 files; an ssh_config is read within 256 files, 100,000 lines and 4 MiB in all/.test(error.message),
    );
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    const many = await write('.ssh/many-lines.conf', 'Port 22\n'.repeat(100_001));
    await assert.rejects(loadSshConfig(many, context), /its Includes read more than 100,000 lines/);
  });

  it('quotes nothing of a line it cannot read or a value it refuses', async () => {
    // A credentials file passed as --ssh-config printed its token.
    const token = 'ghp_Q9sEcReTtOkEn4711';
    const creds = await write('.ssh/creds', `[default]\n${token}\n`);
    await assert.rejects(loadSshConfig(creds, context), (error: Error) => error.message === `${creds} line 1: not an ssh_config line (expected a keyword and its value)` && !error.message.includes(token));
    const port = await write('.ssh/port.conf', `Host x\n  Port ${token}\n`);
    const config = await loadSshConfig(port, context);
    assert.throws(() => resolveSshHost(config, 'x', context), (error: Error) => error.message === `${port} line 2: Port must be a number from 1 to 65535`);
  });

  it('bounds a glob Include that fans out, and reads no FIFO or device through an Include (13.5, 13.7)', async () => {
    await mkdir(join(home, '.ssh', 'wide'), { recursive: true });
    for (let n = 0; n <= SSH_CONFIG_LIMITS.files; n += 1) await write(`.ssh/wide/f${n}.conf`, `Host w${n}\n`);
    const wide = await write('.ssh/wide.conf', 'Include wide/*.conf\n');
    await assert.rejects(loadSshConfig(wide, context), new RegExp(`its Includes read more than ${SSH_CONFIG_LIMITS.files} files`));
    execFileSync('mkfifo', [join(home, '.ssh', 'pipe')]);
    for (const [name, include] of [['fifo', 'pipe'], ['device', '/dev/zero']] as const) {
      const file = await write(`.ssh/${name}.conf`, `Include ${include}\n`);
      // Refused at once: before the bounded reader, a FIFO hung and /dev/zero cost 600 MB.
      await assert.rejects(loadSshConfig(file, context), (error: Error) => error instanceof InputError && /not a regular file/.test(error.message));
    }
  });

  it('quotes no value in any parse error: quotes, ports, ProxyJump hops (13.12)', async () => {
    const token = 'ghp_Q9sEcReTtOkEn4711';
    const quote = await write('.ssh/quote.conf', `Host x\n  User "${token}\n`);
    await assert.rejects(loadSshConfig(quote, context), (error: Error) => error.message === `${quote} line 2: unterminated quote`);
    const jump = await write('.ssh/jump.conf', `Host x\n  ProxyJump ${token}:99999\n`);
    const sshConfig = await loadSshConfig(jump, context);
    assert.throws(
      () => resolveTargets({ specs: ['x'], sshConfig, flags: {}, tags: [], context }),
      (error: Error) => error instanceof InputError && !error.message.includes(token) && /port must be a number from 1 to 65535/.test(error.message),
    );
  });
});
