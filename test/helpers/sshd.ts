// A loopback fleet of Campaign hosts behind a real OpenSSH sshd (Debian openssh-server), for the
// SSH tests and the benchmark. As root: generates a host key and a client key in a temp dir,
// creates N Unix users (one per "host", `cat-<random>-NNNN`, created by one locked `useradd` loop),
// lays out each home's nl6/ (conf XML, env.sh, a fake nlserver printing a pdump line), and runs
// `/usr/sbin/sshd -D -e -f <own config>` on 127.0.0.1 with a free port. stop() kills sshd,
// deletes the users and the temp dir. Without root or sshd, sshdUnavailable() says why; with
// CAMPAIGN_AUDIT_REQUIRE_SSHD=1 that is a failure instead of a skip (.ci/run sets it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lchown, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const SSHD = '/usr/sbin/sshd';
// Shared by every test process on this machine (tmpdir, not /run/lock: that may not exist in a container).
const USERS_LOCK = join(tmpdir(), 'campaign-audit-test-users.lock');

/** Why the real-sshd tests cannot run here, or undefined when they can. */
export function sshdUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'real-sshd tests need Linux';
  if (process.getuid?.() !== 0) return 'real-sshd tests need root (they create Unix users)';
  for (const tool of [SSHD, '/usr/bin/ssh-keygen', '/usr/sbin/useradd', '/usr/sbin/userdel', '/usr/bin/flock']) {
    if (!existsSync(tool)) return `real-sshd tests need ${tool} (apt-get install openssh-server)`;
  }
  return undefined;
}

/** For describe(..., { skip }): the reason to skip, or false; throws when CI requires sshd. */
export function sshdSkip(): string | false {
  const reason = sshdUnavailable();
  if (reason === undefined) return false;
  if (process.env.CAMPAIGN_AUDIT_REQUIRE_SSHD === '1') {
    throw new Error(`CAMPAIGN_AUDIT_REQUIRE_SSHD=1 but ${reason}`);
  }
  process.stderr.write(`# skipping real-sshd tests: ${reason}\n`);
  return reason;
}

/** sshdSkip(), and real sudo (sudo and visudo) for the --become tests. */
export function sudoSkip(): string | false {
  const sshd = sshdSkip();
  if (sshd) return sshd;
  if (existsSync('/usr/bin/sudo') && existsSync('/usr/sbin/visudo')) return false;
  if (process.env.CAMPAIGN_AUDIT_REQUIRE_SSHD === '1') throw new Error('CAMPAIGN_AUDIT_REQUIRE_SSHD=1 but sudo is not installed (apt-get install sudo)');
  return 'sudo is not installed';
}

export const PDUMP_7_3_5 = '12:00:00 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@abc1234) of 05/12/2023';
export const PDUMP_7_4_1 = '12:00:00 > Application server for Adobe Campaign Classic (7.4.1 build 9383@def5678) of 15/05/2024';

export interface FleetHostSpec {
  /** conf/ file name → content; default: serverConf.xml + one JWT instance config. */
  conf?: Record<string, string>;
  /** First line `nlserver pdump` prints. */
  pdump?: string;
  /** Seconds the fake `nlserver pdump` sleeps before printing (a hung server). */
  pdumpDelay?: number;
  /** Login shell: dash (/bin/sh), bash, or busybox ash (with busybox `sh` and `head` first on PATH). */
  shell?: 'sh' | 'bash' | 'busybox';
  /** Install dir relative to the home; default `nl6`. */
  installDir?: string;
  /** Home directory mode; default 0o755. */
  homeMode?: number;
  /** Extra files relative to the home (e.g. `.bashrc`). */
  files?: Record<string, string>;
  /** Replaces the fake nlserver script (a full `#!/bin/sh` text), or `false` for no bin/nlserver at all. */
  nlserver?: string | false;
  /** Runs as root after the files are written and before the home is chowned: FIFOs, symlinks, huge files. */
  prepare?: (installDir: string, home: string) => Promise<void>;
}

export interface FleetHost {
  user: string;
  uid: number;
  gid: number;
  home: string;
  /** Absolute install dir. */
  installDir: string;
  instance: string;
}

export interface Sshd {
  port: number;
  /** The listening sshd process (the benchmark reads its CPU time, children included). */
  pid: number;
  hostKeyType: string;
  /** Base64 public host key. */
  hostKey: string;
  /** A known_hosts line for this sshd under 127.0.0.1 (`[127.0.0.1]:port type key`). */
  knownHostsLine(name?: string): string;
  stderr(): string;
  stop(): Promise<void>;
}

export interface SshdFleet extends Sshd {
  dir: string;
  prefix: string;
  hosts: FleetHost[];
  /** Unencrypted ed25519 client key authorized for every fleet user. */
  clientKey: string;
  authorizedKeys: string;
  /** Start another sshd (e.g. a jump host) for the same users and client key, with its own host key. */
  startAnother(name: string, extraConfig?: string[]): Promise<Sshd>;
}

export function jwtConfig(instance: string): string {
  return `<?xml version='1.0'?>
<serverconf>
  <shared>
    <ims authIMSTAClientId="cid-${instance}" authIMSTAClientSecret="@c2VjcmV0LWVuY3J5cHRlZA==" authIMSTAId="${instance.toUpperCase()}@techacct.adobe.com" authIMSTAPrivateKey="@a2V5LWVuY3J5cHRlZC0ke2luc3RhbmNlfQ=="/>
  </shared>
</serverconf>
`;
}

export const SERVER_CONF = `<?xml version='1.0'?>
<serverconf>
  <shared>
    <ims/>
  </shared>
  <mta autoStart="true"/>
</serverconf>
`;

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** useradd/newusers/userdel take /etc/passwd locks: test files running in parallel take turns. */
function locked(command: string, args: string[], input?: string): string {
  for (let attempt = 0; ; attempt++) {
    try {
      return run('/usr/bin/flock', [USERS_LOCK, command, ...args], input);
    } catch (error) {
      if (attempt >= 5 || !/lock/i.test((error as Error).message)) throw error;
      spawnSync('sleep', ['0.2']);
    }
  }
}

/** Pids of the processes running as any of `uids` (from /proc, one pass), to check for and end leftovers by id. */
export async function processesOf(...uids: number[]): Promise<number[]> {
  const wanted = new Set(uids);
  const pids: number[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const uid = /^Uid:\s+(\d+)\s/m.exec(status)?.[1];
    if (uid !== undefined && wanted.has(Number(uid))) pids.push(Number(name));
  }
  return pids;
}

/**
 * `chown -R` in-process (a spawn per host from a large test process cost about 30 ms each): links
 * are changed themselves and never followed, so a prepared link to /dev/zero stays as it is.
 */
async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await lchown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await lchown(child, uid, gid);
  }
}

export async function generateKey(path: string, type: 'ed25519' | 'rsa' | 'ecdsa' = 'ed25519', passphrase = ''): Promise<string> {
  // -a 1: one bcrypt_pbkdf round instead of 16 for a passphrase-protected key. The client decrypts
  // it in JavaScript (ssh2's bcrypt-pbkdf), about a second per load at 16; the format is the same.
  run('/usr/bin/ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), ...(passphrase !== '' ? ['-a', '1'] : []), '-N', passphrase, '-C', 'campaign-audit-test', '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits for the SSH banner on the port. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith('SSH-2.0-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not answer on port ${port}: ${log()}`);
}

export interface SshdOptions {
  dir: string;
  authorizedKeys: string;
  allowUsers: string;
  extraConfig?: string[];
}

export async function startSshd(options: SshdOptions): Promise<Sshd> {
  await mkdir(options.dir, { recursive: true });
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKeyPath = join(options.dir, 'ssh_host_ed25519_key');
  const [hostKeyType = '', hostKey = ''] = (await generateKey(hostKeyPath)).split(' ');
  const port = await freePort();
  const config = join(options.dir, 'sshd_config');
  await writeFile(
    config,
    [
      // sshd takes the first value of a keyword: extra lines go first to override the defaults below.
      ...(options.extraConfig ?? []),
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(options.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${options.authorizedKeys}`,
      `AllowUsers ${options.allowUsers}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      'PermitUserEnvironment yes',
      'AllowTcpForwarding yes',
      'X11Forwarding no',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'MaxStartups 1000:30:2000',
      'MaxSessions 100',
      'LoginGraceTime 60',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let log = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (log.length < 1024 * 1024) log += chunk.toString('utf8');
  });
  await waitForBanner(port, child, () => log);
  return {
    port,
    pid: child.pid ?? -1,
    hostKeyType,
    hostKey,
    knownHostsLine: (name = `[127.0.0.1]:${port}`) => `${name} ${hostKeyType} ${hostKey}`,
    stderr: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface FleetOptions {
  /** Number of hosts, or one spec per host. */
  hosts: number | FleetHostSpec[];
  /** Extra sshd_config lines for the fleet's sshd (they go first, so they win). */
  sshdConfig?: string[];
}

/** Creates the users, their Campaign trees and an sshd; call stop() in an `after` hook. */
export async function startFleet(options: FleetOptions): Promise<SshdFleet> {
  const specs: FleetHostSpec[] = typeof options.hosts === 'number' ? Array.from({ length: options.hosts }, () => ({})) : options.hosts;
  const dir = await mkdtemp(join(tmpdir(), 'campaign-audit-sshd-'));
  // Homes live in here: every user must be able to traverse to its own.
  await chmod(dir, 0o755);
  const prefix = `cat-${randomBytes(3).toString('hex')}`;
  const names = specs.map((_, index) => `${prefix}-${String(index + 1).padStart(4, '0')}`);
  let usersCreated = false;
  const sshds: Sshd[] = [];

  const cleanup = async (): Promise<void> => {
    for (const sshd of sshds) await sshd.stop().catch(() => undefined);
    if (usersCreated) {
      const passwd = await readFile('/etc/passwd', 'utf8');
      const uids = names.map((name) => Number(new RegExp(`^${name}:[^:]*:(\\d+):`, 'm').exec(passwd)?.[1] ?? Number.NaN));
      // userdel refuses a user with running processes: end the ones our sessions left, by pid
      // (one pass over /proc for all the fleet's users).
      for (const pid of await processesOf(...uids.filter((uid) => !Number.isNaN(uid)))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      // One locked shell for all of them: a flock and a spawn per user cost more than userdel.
      const present = names.filter((_, index) => !Number.isNaN(uids[index]));
      try {
        // Idempotent (a retry after a lock error skips the users already gone); fails at the end if any stayed.
        const script = ['s=0', ...present.map((name) => `! id -u ${name} >/dev/null 2>&1 || /usr/sbin/userdel ${name} || { echo "could not remove user ${name}" >&2; s=1; }`), 'exit $s'];
        if (present.length > 0) locked('/bin/sh', ['-s'], `${script.join('\n')}\n`);
      } catch (error) {
        process.stderr.write(`# sshd fleet: could not remove users: ${(error as Error).message.trim()}\n`);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const clientKey = join(dir, 'client_ed25519');
    const clientPublic = await generateKey(clientKey);
    const authorizedKeys = join(dir, 'authorized_keys');
    await writeFile(authorizedKeys, `${clientPublic}\n`, { mode: 0o644 });
    const busybox = existsSync('/bin/busybox') ? '/bin/busybox' : undefined;
    const shellOf = (spec: FleetHostSpec): string => (spec.shell === 'bash' ? '/bin/bash' : spec.shell === 'busybox' && busybox ? join(dir, 'bin', 'ash') : '/bin/sh');
    if (busybox && specs.some((spec) => spec.shell === 'busybox')) {
      await mkdir(join(dir, 'bin'), { recursive: true });
      await mkdir(join(dir, 'busybox-path'), { recursive: true });
      // busybox picks the applet from argv[0], so symlinks named after the applets are enough.
      await symlink(busybox, join(dir, 'bin', 'ash'));
      await symlink(busybox, join(dir, 'busybox-path', 'sh'));
      await symlink(busybox, join(dir, 'busybox-path', 'head'));
    }

    await mkdir(join(dir, 'home'), { mode: 0o755 });
    // useradd, not newusers: Debian's newusers hashes each password through PAM (yescrypt, about
    // 90 ms of CPU a user). The password is `*`: no password opens the account, yet it is not
    // locked (`!`), which sshd would refuse even for a key when PAM is off. Homes are made below.
    // Idempotent, so that a retry after a lock error does not trip over the users made before it.
    const script = names.map((name, index) => `id -u ${name} >/dev/null 2>&1 || /usr/sbin/useradd -M -p '*' -c 'campaign-audit test host' -d '${join(dir, 'home', name)}' -s '${shellOf(specs[index] as FleetHostSpec)}' ${name} || exit 1`);
    // Set first: users made before a failure are removed by cleanup (it skips the ones not there).
    usersCreated = true;
    // On stdin: as one -c argument, 1,000 users pass Linux's 128 KiB limit on a single argument.
    locked('/bin/sh', ['-s'], `${script.join('\n')}\n`);
    const passwd = new Map(
      (await readFile('/etc/passwd', 'utf8'))
        .split('\n')
        .map((line) => line.split(':'))
        .filter((fields) => fields[0]?.startsWith(`${prefix}-`))
        .map((fields) => [fields[0] as string, { uid: Number(fields[2]), gid: Number(fields[3]) }]),
    );

    const hosts: FleetHost[] = [];
    for (const [index, name] of names.entries()) {
      const spec = specs[index] as FleetHostSpec;
      const ids = passwd.get(name);
      if (!ids) throw new Error(`user ${name} was not created`);
      const home = join(dir, 'home', name);
      const instance = `inst${String(index + 1).padStart(4, '0')}`;
      const installDir = join(home, spec.installDir ?? 'nl6');
      const conf = spec.conf ?? { 'serverConf.xml': SERVER_CONF, [`config-${instance}.xml`]: jwtConfig(instance) };
      const files: Record<string, { content: string; mode?: number }> = {
        // env.sh is sourced by the collector's shell, which nlserver then replaces (exec): record
        // that shell here so tests can tell dash, bash and busybox apart.
        'env.sh': { content: `# Campaign environment (test)\nexport CAMPAIGN_TEST_ENV=loaded\nexport PATH="${installDir}/bin:$PATH"\nexport CAMPAIGN_TEST_SHELL="$(readlink /proc/$$/exe 2>/dev/null)"\n` },
      };
      if (spec.nlserver !== false) {
        files['bin/nlserver'] = {
          content:
            spec.nlserver ??
            `#!/bin/sh\n# fake nlserver: needs env.sh sourced, like the real one\n[ "$CAMPAIGN_TEST_ENV" = loaded ] || { echo "env.sh was not sourced" >&2; exit 3; }\n[ "$1" = pdump ] || exit 2\n${spec.pdumpDelay ? `sleep ${spec.pdumpDelay}\n` : ''}cat <<'PDUMP'\n${spec.pdump ?? PDUMP_7_3_5}\nweb@default (2210) - 212.4 MB\nPDUMP\necho "collector shell: $CAMPAIGN_TEST_SHELL"\n`,
          mode: 0o755,
        };
      }
      for (const [file, content] of Object.entries(conf)) files[`conf/${file}`] = { content };
      const made = new Set<string>();
      const ensureDir = async (path: string): Promise<void> => {
        if (made.has(path)) return;
        await mkdir(path, { recursive: true });
        made.add(path);
      };
      for (const [relative, file] of Object.entries(files)) {
        const path = join(installDir, relative);
        await ensureDir(join(path, '..'));
        await writeFile(path, file.content, { mode: file.mode ?? 0o644 });
      }
      for (const [relative, content] of Object.entries(spec.files ?? {})) {
        const path = join(home, relative);
        await ensureDir(join(path, '..'));
        await writeFile(path, content);
      }
      if (spec.shell === 'busybox' && busybox) {
        await ensureDir(join(home, '.ssh'));
        await writeFile(join(home, '.ssh', 'environment'), `PATH=${join(dir, 'busybox-path')}:/usr/bin:/bin\n`);
      }
      await spec.prepare?.(installDir, home);
      await chownTree(home, ids.uid, ids.gid);
      await chmod(home, spec.homeMode ?? 0o755);
      hosts.push({ user: name, uid: ids.uid, gid: ids.gid, home, installDir, instance });
    }

    const sshd = await startSshd({ dir: join(dir, 'sshd'), authorizedKeys, allowUsers: `${prefix}-*`, extraConfig: options.sshdConfig ?? [] });
    sshds.push(sshd);
    return {
      ...sshd,
      dir,
      prefix,
      hosts,
      clientKey,
      authorizedKeys,
      startAnother: async (name, extraConfig = []) => {
        const another = await startSshd({ dir: join(dir, name), authorizedKeys, allowUsers: `${prefix}-*`, extraConfig });
        sshds.push(another);
        return another;
      },
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
