// The fingerprint key (docs/security.md, "Fingerprint key"): the secret under which every secret
// value is fingerprinted (src/engine/fingerprint.ts). Where it comes from, most specific first:
//   --fingerprint-key FILE                a file the user holds (mode 0600, like an ssh key)
//   CAMPAIGN_AUDIT_FINGERPRINT_KEY        the key itself (a CI secret)
//   $XDG_CONFIG_HOME/campaign-audit/fingerprint.key (~/.config/…), created on first use
// A key is at least 32 characters of text (`openssl rand -hex 32` makes one); the key itself is
// never printed, only its id.
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keyedFingerprinter, type Fingerprinter } from '../engine/fingerprint.js';
import { InputError } from '../errors.js';
import { printableLine } from '../render/text.js';
import { asInputError, decodeInputText, readBoundedFile } from './input-file.js';

export const KEY_ENV = 'CAMPAIGN_AUDIT_FINGERPRINT_KEY';
const MIN_KEY_CHARS = 32;
const KEY_CAP = { kind: 'a fingerprint key file', maxBytes: 4096 } as const;

export interface KeySources {
  /** --fingerprint-key FILE. */
  file?: string | undefined;
  env: NodeJS.ProcessEnv;
}

export interface LoadedKey {
  fingerprints: Fingerprinter;
  /** Where the key came from, in words, for --verbose and the first-use notice. */
  from: string;
  /** Set when this run made the key file (first use of the default location). */
  created?: string;
}

export async function loadFingerprintKey({ file, env }: KeySources): Promise<LoadedKey> {
  if (file !== undefined) return { fingerprints: await readKeyFile(file, '--fingerprint-key'), from: file };
  const value = env[KEY_ENV];
  if (value !== undefined && value !== '') return { fingerprints: fromText(value, KEY_ENV), from: KEY_ENV };
  const path = defaultKeyPath(env);
  if (path === null) throw new InputError(`no fingerprint key: set ${KEY_ENV} or pass --fingerprint-key FILE (HOME is not set, so there is no default key file)`);
  const created = await createKeyFile(path);
  return { fingerprints: await readKeyFile(path, 'the fingerprint key'), from: path, ...(created ? { created: path } : {}) };
}

/** `$XDG_CONFIG_HOME/campaign-audit/fingerprint.key`, else `~/.config/…`; null without either. */
export function defaultKeyPath(env: NodeJS.ProcessEnv): string | null {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : env.HOME ? join(env.HOME, '.config') : null;
  return base === null ? null : join(base, 'campaign-audit', 'fingerprint.key');
}

function fromText(text: string, what: string): Fingerprinter {
  const key = text.trim();
  if (key.length < MIN_KEY_CHARS) throw new InputError(`${printableLine(what)}: a fingerprint key needs at least ${MIN_KEY_CHARS} characters (\`openssl rand -hex 32\` makes one)`);
  return keyedFingerprinter(Buffer.from(key, 'utf8'));
}

async function readKeyFile(path: string, flag: string): Promise<Fingerprinter> {
  const where = `${flag} ${path}`;
  let text: string;
  try {
    // Like ssh with a private key: a key others can read is no key.
    const info = await stat(path);
    if (info.isFile() && (info.mode & 0o077) !== 0) {
      throw new InputError(`${printableLine(where)}: other users can read it; make it private (chmod 600) — it is what keeps weak secrets from being guessed from a report`);
    }
    text = decodeInputText(await readBoundedFile(path, { cap: KEY_CAP }));
  } catch (error) {
    throw asInputError(error, where);
  }
  return fromText(text, where);
}

/** Makes the key file if it is not there (mode 0600 in a 0700 folder); true when this call made it. */
async function createKeyFile(path: string): Promise<boolean> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': never over an existing file or through a planted link.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw asInputError(error, `the fingerprint key ${path}`);
  }
}
