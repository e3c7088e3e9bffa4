// Hashed known_hosts names (`HashKnownHosts yes`): `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`,
// with a fresh 20-byte salt per line, so a name can only be found by hashing it once per salt.
// With node's createHmac that was ~4 µs a salt: 0.5 s per host for a 118k-line file, twice per
// host, on the event loop, and 19 of 30 healthy hosts timed out (docs/security.md section 7).
// Here each salt's HMAC key blocks are compressed once when the file is loaded, so hashing one
// name under one salt is two SHA-1 blocks with no allocation (~8x faster), salts shared by several
// lines are hashed once, and `matchesAsync` yields to the event loop between slices so handshakes
// in flight keep being served.
import { createHmac, randomBytes } from 'node:crypto';

/** OpenSSH accepts only this salt and hash length (hostfile.c extract_salt); other lines are skipped. */
export const HASHED_NAME_BYTES = 20;
/** Salts hashed between two yields to the event loop (a few milliseconds). */
const SLICE = 8192;

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, the form `ssh-keygen -H` writes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(HASHED_NAME_BYTES)): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

/** The hashed names of the loaded known_hosts files, by salt; `T` is what a match returns. Flat arrays: 120k lines load in a few hundred ms. */
export class HashedNames<T> {
  /** Per distinct salt, 10 words: the SHA-1 state after the inner (ipad) and outer (opad) key block. */
  private readonly keyStates: number[] = [];
  /** Per distinct salt, its first line; per line, the next line with that salt (-1: none). */
  private readonly firstOfSalt: number[] = [];
  private readonly nextOfSalt: number[] = [];
  private readonly lastOfSalt: number[] = [];
  /** Per line, 5 big-endian words of its hash, and its value. */
  private readonly hashes: number[] = [];
  private readonly values: T[] = [];
  private readonly saltIndex = new Map<string, number>();

  /** Distinct salts: what one lookup hashes. */
  get size(): number {
    return this.firstOfSalt.length;
  }

  /** False (nothing added) when salt or hash is not 20 bytes, as OpenSSH skips such lines. */
  add(salt: Buffer, hash: Buffer, value: T): boolean {
    if (salt.length !== HASHED_NAME_BYTES || hash.length !== HASHED_NAME_BYTES) return false;
    const line = this.values.length;
    this.values.push(value);
    for (let word = 0; word < 5; word++) this.hashes.push(hash.readInt32BE(word * 4));
    this.nextOfSalt.push(-1);
    const saltKey = salt.toString('latin1');
    const known = this.saltIndex.get(saltKey);
    if (known === undefined) {
      this.saltIndex.set(saltKey, this.firstOfSalt.length);
      this.firstOfSalt.push(line);
      this.lastOfSalt.push(line);
      pushKeyState(this.keyStates, salt, 0x36363636);
      pushKeyState(this.keyStates, salt, 0x5c5c5c5c);
    } else {
      this.nextOfSalt[this.lastOfSalt[known] as number] = line;
      this.lastOfSalt[known] = line;
    }
    return true;
  }

  /** Every value whose hash is HMAC-SHA1(salt, name), in the order added within a salt. */
  matches(name: string): T[] {
    const found: T[] = [];
    this.matchSlice(tailBlocks(name), 0, this.size, found);
    return found;
  }

  /** As matches(), yielding to the event loop between slices of salts. */
  async matchesAsync(name: string): Promise<T[]> {
    const found: T[] = [];
    const tail = tailBlocks(name);
    for (let from = 0; from < this.size; from += SLICE) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.matchSlice(tail, from, Math.min(this.size, from + SLICE), found);
    }
    return found;
  }

  private matchSlice(tail: Int32Array, from: number, to: number, found: T[]): void {
    const state = new Int32Array(5);
    const outer = new Int32Array(16);
    // The outer message is the 64-byte key block then the 20-byte inner digest: one padded block.
    outer[5] = 0x80000000 | 0;
    outer[15] = (64 + HASHED_NAME_BYTES) * 8;
    const { keyStates, hashes } = this;
    for (let salt = from; salt < to; salt++) {
      const base = salt * 10;
      for (let word = 0; word < 5; word++) state[word] = keyStates[base + word] as number;
      for (let offset = 0; offset < tail.length; offset += 16) compress(state, tail, offset);
      outer.set(state);
      for (let word = 0; word < 5; word++) state[word] = keyStates[base + 5 + word] as number;
      compress(state, outer, 0);
      for (let line = this.firstOfSalt[salt] as number; line !== -1; line = this.nextOfSalt[line] as number) {
        const at = line * 5;
        if (hashes[at] === state[0] && hashes[at + 1] === state[1] && hashes[at + 2] === state[2] && hashes[at + 3] === state[3] && hashes[at + 4] === state[4]) {
          found.push(this.values[line] as T);
        }
      }
    }
  }
}

const IV = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0] as const;

const keyBlock = new Int32Array(16);
const keyStateWords = new Int32Array(5);

/** Appends the SHA-1 state after the one 64-byte HMAC key block: the 20-byte salt XOR pad, then pad bytes. */
function pushKeyState(into: number[], salt: Buffer, padWord: number): void {
  for (let word = 0; word < 16; word++) keyBlock[word] = word < 5 ? salt.readInt32BE(word * 4) ^ padWord : padWord;
  keyStateWords.set(IV);
  compress(keyStateWords, keyBlock, 0);
  for (let word = 0; word < 5; word++) into.push(keyStateWords[word] as number);
}

/** The name (UTF-8, as createHmac hashes a string) as SHA-1 blocks following one 64-byte key block. */
function tailBlocks(name: string): Int32Array {
  const bytes = Buffer.from(name, 'utf8');
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = Buffer.alloc(blocks * 64);
  bytes.copy(padded);
  padded[bytes.length] = 0x80;
  const bits = (64 + bytes.length) * 8;
  padded.writeUInt32BE(Math.floor(bits / 2 ** 32), padded.length - 8);
  padded.writeUInt32BE(bits >>> 0, padded.length - 4);
  const words = new Int32Array(blocks * 16);
  for (let word = 0; word < words.length; word++) words[word] = padded.readInt32BE(word * 4);
  return words;
}

const schedule = new Int32Array(80);

/** One SHA-1 block (FIPS 180-4 §6.1.2) of `block` at `offset` (16 words) into `state`. */
function compress(state: Int32Array, block: Int32Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) w[i] = block[offset + i] as number;
  for (let i = 16; i < 80; i++) {
    const x = (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let t: number;
  let i = 0;
  for (; i < 20; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + (w[i] as number)) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 40; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + (w[i] as number)) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 60; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + (w[i] as number)) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 80; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + (w[i] as number)) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
}
