// The hostile files of test/adversarial/hostile-files.test.ts: one host per case, laid out the
// same way for the sshd fleet (FleetHostSpec), for --dir (PATH/<case>/conf + pdump.txt) and for
// --local (the same folder, with env.sh and a bin/nlserver that prints pdump.txt).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, HostReport, ScanResult } from '../../src/model.js';
import { printableLine } from '../../src/render/text.js';
import { jwtConfig, PDUMP_7_3_5, PDUMP_7_4_1, SERVER_CONF, type FleetHostSpec } from '../helpers/sshd.js';

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE serverconf [
  <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, index) => `  <!ENTITY lol${index + 1} "${`&lol${index === 0 ? '' : index};`.repeat(10)}">`).join('\n')}
]>
<serverconf><shared><ims authIMSTAPrivateKey="&lol9;"/></shared></serverconf>
`;
const XXE = `<?xml version="1.0"?>
<!DOCTYPE serverconf [<!ENTITY xxe SYSTEM "file:///etc/shadow">]>
<serverconf><shared><ims authIMSTAClientId="&xxe;"/></shared></serverconf>
`;
// 20,000 levels: far past the parser's 100, under the 50,000 tags a host may hold (a host over
// that is an error of its own, test/collect/memory-bomb.test.ts).
const DEEP = `<serverconf>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</serverconf>\n`;
/** One tag of 4 MiB, under the 5 MiB file cap: parsed as it was, it cost about 1 s and 500 MiB. */
const LONG_TAG = `<serverconf><shared><ims authIMSTAPrivateKey="@a2V5" note="${'long-tag '.repeat(Math.floor((4 * 1024 * 1024) / 9))}"/></shared></serverconf>\n`;
/** Deterministic bytes with NULs and invalid UTF-8. */
const GARBAGE = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37 + 11) % 256));
const INVALID_UTF8 = Buffer.concat([Buffer.from(`<?xml version='1.0'?>\n<serverconf><shared><ims authIMSTAClientId="cid-`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('" authIMSTAPrivateKey="@a2V5"/></shared></serverconf>\n')]);
/** Terminal escapes, 10 kB of junk either side of the real server line. */
export const PDUMP_JUNK = `\u001b]0;pwned\u0007\u001b[2J${'J'.repeat(10_240)} ${PDUMP_7_3_5} ${'('.repeat(10_240)}`;
const PDUMP_JUNK_ONLY = `\u001b[2J\u202e${'Z'.repeat(10_240)}`;
export const OAUTH_CONFIG = `<?xml version='1.0'?>
<serverconf><shared><ims authIMSTAClientId="cid-clean" authIMSTAClientSecret="@c2VjcmV0" authIMSTAId="CLEAN@techacct.adobe.com"/><imsConfig><nonIMSAuthnAPI disableAPI="true"/></imsConfig></shared></serverconf>
`;

/** conf/ names with shell, path, HTML, spreadsheet and terminal characters: each is data. */
export const HOSTILE_NAMES = [
  'config-$(touch PWNED).xml',
  'config-`touch PWNED2`.xml',
  'config-x;touch PWNED3;.xml',
  `config-it's "quoted".xml`,
  'config-two  spaces .xml',
  'config-...xml',
  'config-nl\nFAKE.xml',
  'config-rtl\u202egnp.xml',
  'config-ctl\u001b[31m\u0007\r.xml',
  'config-<img src=x onerror=alert(1)>.xml',
  'config-=HYPERLINK(1).xml',
] as const;
export const PWNED = ['PWNED', 'PWNED2', 'PWNED3'];

export interface HostileCase {
  name: string;
  /** conf/ files as text, besides serverConf.xml. */
  conf?: Record<string, string>;
  /** Special files and raw bytes, written into the install dir. */
  prepare?: (installDir: string) => Promise<void>;
  pdump?: string;
  /** conf file → what its config/unreadable message must say; no other file of the host is unreadable. */
  unreadable: Record<string, RegExp>;
  check?: (host: HostReport, findings: readonly Finding[]) => void;
}

const conf = (installDir: string, name: string): string => join(installDir, 'conf', name);

export const CASES: readonly HostileCase[] = [
  { name: 'billion-laughs', conf: { 'config-x.xml': LAUGHS }, unreadable: { 'conf/config-x.xml': /^conf\/config-x\.xml could not be read: file holds a DOCTYPE or ENTITY declaration, which is refused\.$/ } },
  { name: 'xxe', conf: { 'config-x.xml': XXE }, unreadable: { 'conf/config-x.xml': /file holds a DOCTYPE or ENTITY declaration, which is refused\.$/ } },
  { name: 'huge-200mib', prepare: (dir) => writeFile(conf(dir, 'config-x.xml'), '').then(() => truncate(conf(dir, 'config-x.xml'), 200 * 1024 * 1024)), unreadable: { 'conf/config-x.xml': /could not be read: file is larger than 5 MiB\.$/ } },
  { name: 'fifo', prepare: async (dir) => void execFileSync('mkfifo', [conf(dir, 'config-x.xml')]), unreadable: { 'conf/config-x.xml': /could not be read: not a regular file: a FIFO \(named pipe\); it was not opened\.$/ } },
  { name: 'dev-zero', prepare: (dir) => symlink('/dev/zero', conf(dir, 'config-x.xml')), unreadable: { 'conf/config-x.xml': /could not be read: not a regular file: a symbolic link to a character device; it was not opened\.$/ } },
  { name: 'binary', prepare: (dir) => writeFile(conf(dir, 'config-x.xml'), GARBAGE), unreadable: { 'conf/config-x.xml': /could not be read: binary content \(NUL bytes\)\.$/ } },
  { name: 'invalid-utf8', prepare: (dir) => writeFile(conf(dir, 'config-x.xml'), INVALID_UTF8), unreadable: { 'conf/config-x.xml': /could not be read: not valid UTF-8 text \(and no other encoding is declared\)\.$/ } },
  { name: 'deep-nesting', conf: { 'config-x.xml': DEEP }, unreadable: { 'conf/config-x.xml': /could not be read: elements are nested more than 100 levels deep\.$/ } },
  { name: 'long-tag', conf: { 'config-x.xml': LONG_TAG }, unreadable: { 'conf/config-x.xml': /could not be read: a tag is longer than 64 KiB, attributes included\.$/ } },
  {
    name: 'pdump-junk',
    conf: { 'config-x.xml': jwtConfig('x') },
    pdump: PDUMP_JUNK,
    unreadable: {},
    check: (host) => assert.deepEqual([host.version, host.build], ['7.3.5', 9368], 'the server line is found in the junk'),
  },
  {
    name: 'pdump-junk-only',
    conf: { 'config-x.xml': jwtConfig('x') },
    pdump: PDUMP_JUNK_ONLY,
    unreadable: {},
    check: (host, findings) => {
      assert.equal(host.build, null);
      const unknown = findings.find((finding) => finding.ruleId === 'build/unknown');
      assert.match(unknown?.message ?? '', /^No "Application server for Adobe Campaign" line was found in the nlserver pdump output \(nlserver pdump printed no version banner but (?:\d+ lines? of other text|[\d,]+ characters of binary data)\); the build cannot be checked\.$/);
      assert.ok((unknown?.message.length ?? 0) < 400, 'the junk is not quoted');
    },
  },
  {
    name: 'hostile-names',
    conf: Object.fromEntries(HOSTILE_NAMES.map((name) => [name, jwtConfig('x')])),
    unreadable: { 'conf/config-nl\nFAKE.xml': /could not be read: the file name holds a newline; such a file is not read\.$/ },
    check: (host) => {
      const expected = HOSTILE_NAMES.map((name) => [name.slice('config-'.length, -'.xml'.length), name.includes('\n') ? 'unknown' : 'jwt']).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      assert.deepEqual(host.instances.map((instance) => [instance.name, instance.credential]), expected);
    },
  },
];

export const HEALTHY: readonly { name: string; conf: Record<string, string>; pdump: string }[] = [
  { name: 'healthy-jwt', conf: { 'config-prod.xml': jwtConfig('prod') }, pdump: PDUMP_7_3_5 },
  { name: 'healthy-oauth', conf: { 'config-clean.xml': OAUTH_CONFIG }, pdump: PDUMP_7_4_1 },
];

export function fleetSpec(entry: { conf?: Record<string, string>; prepare?: (installDir: string) => Promise<void>; pdump?: string }): FleetHostSpec {
  return {
    conf: { 'serverConf.xml': SERVER_CONF, ...entry.conf },
    ...(entry.pdump !== undefined ? { pdump: entry.pdump } : {}),
    ...(entry.prepare !== undefined ? { prepare: (installDir: string) => entry.prepare!(installDir) } : {}),
  };
}

/** A host folder for --dir (conf/, pdump.txt) that --local can run too (env.sh, bin/nlserver). */
export async function layOut(dir: string, entry: { conf?: Record<string, string>; prepare?: (installDir: string) => Promise<void>; pdump?: string }): Promise<string> {
  await mkdir(join(dir, 'conf'), { recursive: true });
  await mkdir(join(dir, 'bin'));
  for (const [name, content] of Object.entries({ 'serverConf.xml': SERVER_CONF, ...entry.conf })) await writeFile(join(dir, 'conf', name), content);
  await entry.prepare?.(dir);
  await writeFile(join(dir, 'pdump.txt'), `${entry.pdump ?? PDUMP_7_3_5}\nweb@default (2210) - 212.4 MB\n`);
  await writeFile(join(dir, 'env.sh'), 'export CAMPAIGN_TEST_ENV=loaded\n');
  await writeFile(join(dir, 'bin', 'nlserver'), '#!/bin/sh\n[ "$1" = pdump ] || exit 2\nexec cat "${0%/bin/nlserver}/pdump.txt"\n');
  await chmod(join(dir, 'bin', 'nlserver'), 0o755);
  return dir;
}

/** Files named PWNED* anywhere under dir (the hostile names themselves are `config-…PWNED….xml`). */
export async function findPwned(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (PWNED.includes(entry.name)) found.push(path);
    if (entry.isDirectory()) found.push(...(await findPwned(path)));
  }
  return found;
}

/** One case's outcome in a report: status ok, exactly the expected unreadable files, bounded messages. */
export function checkCase(report: ScanResult, hostName: string, hostileCase: HostileCase): string {
  const host = report.hosts.find((candidate) => candidate.name === hostName);
  assert.ok(host, `${hostileCase.name}: host ${hostName} is in the report`);
  assert.equal(host.status, 'ok', `${hostileCase.name}: ${host.error ?? ''}`);
  const findings = report.findings.filter((finding) => finding.host === hostName);
  const unreadable = findings.filter((finding) => finding.ruleId === 'config/unreadable');
  assert.deepEqual(unreadable.map((finding) => finding.file).sort(), Object.keys(hostileCase.unreadable).sort(), `${hostileCase.name}: unreadable files`);
  for (const finding of unreadable) {
    assert.match(finding.message, hostileCase.unreadable[finding.file ?? '']!, hostileCase.name);
    assert.ok(finding.message.length < 300, `${hostileCase.name}: a bounded message`);
  }
  hostileCase.check?.(host, findings);
  const unknownBuild = findings.find((finding) => finding.ruleId === 'build/unknown');
  const outcome = host.build === null ? `build/unknown: ${unknownBuild?.message ?? ''}` : `ok, build ${host.build}`;
  // For the test log: the messages quote server text, which may hold terminal escapes.
  return printableLine(unreadable.map((finding) => `config/unreadable ${JSON.stringify(finding.file)}: ${finding.message.replace(/^.* could not be read: /s, '')}`).join('; ') || outcome);
}
