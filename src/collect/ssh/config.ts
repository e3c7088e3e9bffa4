// A small reader for OpenSSH client configuration (ssh_config(5)), for the keys the SSH transport
// uses: Host patterns (wildcards, `!negation`), HostName, User, Port, IdentityFile, ProxyJump and
// Include (globs; relative to ~/.ssh, or /etc/ssh for the system file). First value wins, except
// IdentityFile, which accumulates. `Match` blocks are not evaluated (`Match all` aside): their
// lines are skipped, as is every other keyword.
import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../../errors.js';
import { portFromText } from '../../inputs/values.js';
import { asInputError, decodeInputText, FILE_CAPS, FileReadError, READ_DEADLINE_MS, readBoundedFile } from '../../inputs/input-file.js';
import { globMatches, matchPatternList } from './patterns.js';

type Item =
  | { kind: 'block'; file: string; line: number; match: 'host' | 'all' | 'never'; patterns: string[] }
  | { kind: 'option'; file: string; line: number; keyword: string; args: string[] }
  | { kind: 'include'; file: string; line: number; items: Item[][] };

export interface SshConfig {
  /** Every file read, Includes too. */
  files: string[];
  /** One item list per top-level file, in the order ssh reads them. */
  roots: Item[][];
}

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  /** ProxyJump hops, [user@]host[:port] each; `none` gives an empty list. */
  proxyJump?: string[];
}

export interface SshConfigContext {
  home: string;
  localUser: string;
}

const MAX_INCLUDE_DEPTH = 16;

/**
 * What one ssh_config and all its Includes may cost, whatever their shape: three Includes per
 * level nested ten deep were 59 000 reads (19 s), sixteen deep never ended. Real setups are a
 * config and a config.d/ of tens of files. Each file also has its own cap (FILE_CAPS.sshConfig).
 */
export const SSH_CONFIG_LIMITS = { files: 256, bytes: 4 * 1024 * 1024, lines: 100_000 } as const;

interface ReadBudget {
  root: string;
  files: number;
  bytes: number;
  lines: number;
  deadline: number;
}

/** What every file of one read shares, the top-level file and its Includes alike. */
interface ConfigRead {
  context: SshConfigContext;
  /** Where a relative Include resolves: ~/.ssh, or /etc/ssh for the system file. */
  includeBase: string;
  /** Every file read so far, in order (SshConfig.files). */
  files: string[];
  budget: ReadBudget;
}

export const EMPTY_SSH_CONFIG: SshConfig = { files: [], roots: [] };

/** Reads a config file and its Includes. `system` makes relative Includes resolve under /etc/ssh. */
export async function loadSshConfig(file: string, context: SshConfigContext, options: { system?: boolean } = {}): Promise<SshConfig> {
  const files: string[] = [];
  const budget: ReadBudget = { root: file, files: 0, bytes: 0, lines: 0, deadline: Date.now() + READ_DEADLINE_MS };
  const items = await readItems({ context, includeBase: options.system ? '/etc/ssh' : join(context.home, '.ssh'), files, budget }, file, []);
  return { files, roots: [items] };
}

/** Several configs read in order, as ssh reads ~/.ssh/config then /etc/ssh/ssh_config. */
export function concatSshConfigs(configs: readonly SshConfig[]): SshConfig {
  return { files: configs.flatMap((config) => config.files), roots: configs.flatMap((config) => config.roots) };
}

export function parseSshConfigText(text: string, file: string): { line: number; keyword: string; args: string[] }[] {
  const out: { line: number; keyword: string; args: string[] }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/s.exec(line) ?? /^([A-Za-z][A-Za-z0-9]*)$/.exec(line);
    // The line is not quoted: a credentials file passed by mistake would print its token.
    if (!match?.[1]) throw new InputError(`${file} line ${index + 1}: not an ssh_config line (expected a keyword and its value)`);
    const args = splitArguments(match[2] ?? '', file, index + 1);
    out.push({ line: index + 1, keyword: match[1].toLowerCase(), args });
  });
  return out;
}

/** Whitespace-separated words; double quotes group (ssh_config(5) argv_split). */
function splitArguments(text: string, file: string, line: number): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(char)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else if (!quoted && char === '#' && !inWord) {
      break;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quoted) throw new InputError(`${file} line ${line}: unterminated quote`);
  if (inWord) args.push(current);
  return args;
}

/** `stack`: the files that include this one, outermost first; as many as its Include depth. */
async function readItems(read: ConfigRead, file: string, stack: readonly string[]): Promise<Item[]> {
  const { context, includeBase, files, budget } = read;
  const depth = stack.length;
  if (depth > MAX_INCLUDE_DEPTH) throw new InputError(`${file}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
  if (stack.includes(file)) throw new InputError(`${file}: Include loop (${[...stack, file].join(' -> ')})`);
  budget.files += 1;
  if (budget.files > SSH_CONFIG_LIMITS.files) throw overBudget(budget, `more than ${SSH_CONFIG_LIMITS.files} files`);
  let text: string;
  try {
    text = decodeInputText(await readBoundedFile(file, { cap: FILE_CAPS.sshConfig, deadline: budget.deadline }));
  } catch (error) {
    // A missing included file is not an error for ssh either; a missing top-level file is.
    if (depth > 0 && error instanceof FileReadError && error.problem === 'missing') return [];
    throw asInputError(error, `ssh config ${file}`);
  }
  files.push(file);
  budget.bytes += Buffer.byteLength(text);
  if (budget.bytes > SSH_CONFIG_LIMITS.bytes) throw overBudget(budget, `more than ${SSH_CONFIG_LIMITS.bytes / 1024 / 1024} MiB`);
  const parsed = parseSshConfigText(text, file);
  budget.lines += parsed.length;
  if (budget.lines > SSH_CONFIG_LIMITS.lines) throw overBudget(budget, `more than ${SSH_CONFIG_LIMITS.lines.toLocaleString('en-US')} lines`);
  const items: Item[] = [];
  for (const { line, keyword, args } of parsed) {
    if (keyword === 'host') {
      items.push({ kind: 'block', file, line, match: 'host', patterns: args });
    } else if (keyword === 'match') {
      items.push({ kind: 'block', file, line, match: args.length === 1 && args[0]?.toLowerCase() === 'all' ? 'all' : 'never', patterns: [] });
    } else if (keyword === 'include') {
      const included: Item[][] = [];
      for (const pattern of args) {
        const expanded = expandTilde(pattern, context.home);
        const absolute = isAbsolute(expanded) ? expanded : join(includeBase, expanded);
        for (const path of await expandGlob(absolute)) {
          included.push(await readItems(read, path, [...stack, file]));
        }
      }
      items.push({ kind: 'include', file, line, items: included });
    } else {
      items.push({ kind: 'option', file, line, keyword, args });
    }
  }
  return items;
}

function overBudget(budget: ReadBudget, what: string): InputError {
  const { files, bytes, lines } = SSH_CONFIG_LIMITS;
  return new InputError(
    `ssh config ${budget.root}: its Includes read ${what}; an ssh_config is read within ${files} files, ${lines.toLocaleString('en-US')} lines and ${bytes / 1024 / 1024} MiB in all (check for an Include that fans out)`,
  );
}

/** Resolves the options for one host name as typed (the alias), first value wins. */
export function resolveSshHost(config: SshConfig, alias: string, context: SshConfigContext): SshHostConfig {
  const values = new Map<string, { args: string[]; file: string; line: number }>();
  const identityFiles: string[] = [];
  const walk = (items: readonly Item[], startActive: boolean, neverMatch: boolean): void => {
    let active = startActive;
    for (const item of items) {
      if (item.kind === 'block') {
        if (neverMatch || item.match === 'never') active = false;
        else if (item.match === 'all') active = true;
        else active = matchPatternList(alias, item.patterns);
      } else if (item.kind === 'include') {
        // OpenSSH: an included file starts in the including line's state; a file included from
        // an inactive block can never become active (SSHCONF_NEVERMATCH).
        for (const fileItems of item.items) walk(fileItems, active, neverMatch || !active);
      } else if (active) {
        if (item.keyword === 'identityfile') {
          if (item.args[0] !== undefined) identityFiles.push(item.args[0]);
        } else if (!values.has(item.keyword)) {
          values.set(item.keyword, { args: item.args, file: item.file, line: item.line });
        }
      }
    }
  };
  for (const root of config.roots) walk(root, true, false);

  const first = (keyword: string): string | undefined => values.get(keyword)?.args[0];
  const originalHost = alias;
  const hostNameRaw = first('hostname');
  const hostName = hostNameRaw === undefined ? undefined : expandTokens(hostNameRaw, { h: originalHost, n: originalHost, '%': '%' }, context);
  const user = first('user');
  const portText = first('port');
  const result: SshHostConfig = { identityFiles: [] };
  if (hostName !== undefined) result.hostName = hostName;
  if (user !== undefined) result.user = user;
  if (portText !== undefined) {
    const port = portFromText(portText);
    if (port === null) {
      const where = values.get('port');
      throw new InputError(`${where?.file} line ${where?.line}: Port must be a number from 1 to 65535`);
    }
    result.port = port;
  }
  const host = hostName ?? originalHost;
  const remoteUser = user ?? context.localUser;
  const tokens = { h: host, n: originalHost, r: remoteUser, p: String(result.port ?? 22), d: context.home, u: context.localUser, '%': '%' };
  result.identityFiles = identityFiles.filter((file) => file.toLowerCase() !== 'none').map((file) => expandTilde(expandTokens(file, tokens, context), context.home));
  const jump = values.get('proxyjump');
  if (jump !== undefined) {
    const hops = jump.args.join(',').split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
    result.proxyJump = hops.length === 1 && hops[0]?.toLowerCase() === 'none' ? [] : hops;
  }
  return result;
}

function expandTokens(text: string, tokens: Record<string, string>, context: SshConfigContext): string {
  return text.replace(/%(.)/g, (whole, token: string) => tokens[token] ?? (token === 'd' ? context.home : whole));
}

export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/** glob(3) for Include: `*`, `?` in any path component; sorted, as glob returns. */
async function expandGlob(pattern: string): Promise<string[]> {
  if (!/[*?]/.test(pattern)) return [pattern];
  const parts = pattern.split('/').filter((part, index) => part !== '' || index === 0);
  let current = [parts[0] === '' ? '/' : parts[0] ?? '/'];
  for (const part of parts.slice(1)) {
    const next: string[] = [];
    for (const base of current) {
      if (!/[*?]/.test(part)) {
        next.push(join(base, part));
        continue;
      }
      const names = await readdir(base).catch(() => [] as string[]);
      for (const name of names.sort()) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (globMatches(name, part)) next.push(join(base, name));
      }
    }
    current = next;
  }
  return current;
}
