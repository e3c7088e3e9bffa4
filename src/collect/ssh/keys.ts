// Private keys for SSH logins: read bounded (a key path can be /dev/zero or a FIFO), decrypted with
// a passphrase taken from a named environment variable, loaded once per scan. Messages name the
// file and what is wrong with it, never any of its content.
import type { ParsedKey } from 'ssh2';
import ssh2 from 'ssh2';
import { describeFileError } from '../../errors.js';
import { FILE_CAPS, FileReadError, readBoundedFile } from '../../inputs/input-file.js';
import { signWithKeyObject } from './ssh2-internals.js';

const { utils } = ssh2;

/** A usable key, a note saying why a key file cannot be used, or a default key file that is absent. */
export type LoadedKey = { key: ParsedKey } | { note: string } | { missing: true };

/** Loads each (file, passphrase variable) pair once, however many hosts use it. */
export function keyLoader(env: Readonly<Record<string, string | undefined>>): (file: string, passphraseEnv: string | undefined) => Promise<LoadedKey> {
  const keys = new Map<string, Promise<LoadedKey>>();
  return (file, passphraseEnv) => {
    const cacheKey = `${file}\0${passphraseEnv ?? ''}`;
    let loaded = keys.get(cacheKey);
    if (!loaded) {
      loaded = readKey(file, passphraseEnv, env);
      keys.set(cacheKey, loaded);
    }
    return loaded;
  };
}

/**
 * ssh2's key parser quotes what it found where the format has a name ("Unsupported OpenSSH key
 * magic: MyS3cretPassw0r", a cipher, a kdf, a key type), so 15 bytes of a file given by mistake
 * reached every report: its errors are described by kind and never copied (docs/security.md).
 */
function parseErrorKind(error: Error): string {
  if (/^Unsupported/i.test(error.message)) return 'unsupported format';
  if (/^Malformed/i.test(error.message)) return 'malformed';
  if (/integrity check|decrypt|passphrase/i.test(error.message)) return 'cannot be decrypted';
  return 'unreadable';
}

async function readKey(file: string, passphraseEnv: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<LoadedKey> {
  let data: Buffer;
  try {
    // Bounded: a key file that is /dev/zero or a FIFO once cost 7 GB or hung the scan for good.
    data = await readBoundedFile(file, { cap: FILE_CAPS.identity });
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'missing') return { missing: true };
    return { note: `cannot read identity file ${file}: ${error instanceof FileReadError ? error.message : describeFileError(error)}` };
  }
  let parsed = utils.parseKey(data);
  if (parsed instanceof Error && /no passphrase given/i.test(parsed.message)) {
    if (passphraseEnv === undefined) {
      return { note: `identity file ${file} is encrypted; name the environment variable that holds its passphrase with --passphrase-env or passphraseEnv in the inventory` };
    }
    const passphrase = env[passphraseEnv];
    if (passphrase === undefined || passphrase === '') return { note: `identity file ${file} is encrypted and $${passphraseEnv} is not set` };
    parsed = utils.parseKey(data, passphrase);
    if (parsed instanceof Error) return { note: `cannot decrypt identity file ${file} with the passphrase in $${passphraseEnv}` };
  }
  if (parsed instanceof Error) return { note: `identity file ${file} is not a private key ssh2 can read (${parseErrorKind(parsed)})` };
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || !key.isPrivateKey()) return { note: `identity file ${file} holds no private key` };
  return { key: signWithKeyObject(key) };
}
