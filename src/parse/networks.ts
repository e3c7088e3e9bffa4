// IP masks as Campaign's security zones write them (Adobe, "The server configuration file",
// securityZone > subNetwork: https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/appendices/the-server-configuration-file#subnetwork):
// `mask` is a "mask or address" and `proxy` a "mask or address" list. Adobe's own snippets use
// `*` (every address), IPv4 CIDR with host bits set (`127.0.0.1/16`), a bare address
// (`10.131.193.182`), IPv6 CIDR (`fc00::/7`, `::1/128`) and comma-separated lists with spaces
// (`proxy="10.131.146.102,127.0.0.1, ::1"`). A written netmask (`10.0.0.0/255.0.0.0`) is read too.
// Anything else is "not understood", never an exception: the rules judge it as any address.
// Pure arithmetic on bigint, no node:net (the core does no network I/O, docs/architecture.md#layers).

export type AddressFamily = 'ipv4' | 'ipv6';

/** A contiguous run of addresses of one family, both ends included. */
export interface AddressRange {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/** One mask or address as written, and what it covers; `ranges` is absent when it was not understood. */
export interface MaskEntry {
  /** The entry as written, trimmed. */
  readonly text: string;
  readonly ranges?: readonly AddressRange[];
  /** Why it was not understood, in words. */
  readonly problem?: string;
}

const BITS: Record<AddressFamily, number> = { ipv4: 32, ipv6: 128 };
const ALL: Record<AddressFamily, AddressRange> = {
  ipv4: { family: 'ipv4', first: 0n, last: (1n << 32n) - 1n },
  ipv6: { family: 'ipv6', first: 0n, last: (1n << 128n) - 1n },
};
/** Longest entry read: the longest IPv6 CIDR with an embedded IPv4 is 49 characters. */
const MAX_ENTRY_LENGTH = 64;

/** Splits a mask or proxy attribute on commas; empty pieces are dropped, so `""` has no entry. */
export function parseMaskList(text: string): MaskEntry[] {
  return text.split(',').map((piece) => piece.trim()).filter((piece) => piece !== '').map(parseMaskEntry);
}

/** One entry: `*`, an address, or an address with a prefix length or a written netmask. */
export function parseMaskEntry(raw: string): MaskEntry {
  const text = raw.trim();
  if (text === '*') return { text, ranges: [ALL.ipv4, ALL.ipv6] };
  if (text.length > MAX_ENTRY_LENGTH) return { text: `${text.slice(0, MAX_ENTRY_LENGTH)}…`, problem: 'too long to be an address' };
  const slash = text.indexOf('/');
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (address === undefined) return { text, problem: 'not an IPv4 or IPv6 address' };
  const bits = BITS[address.family];
  let prefix = bits;
  if (slash !== -1) {
    const suffix = text.slice(slash + 1);
    const length = /^\d{1,3}$/.test(suffix) ? Number(suffix) : address.family === 'ipv4' ? netmaskLength(suffix) : undefined;
    if (length === undefined || length > bits) return { text, problem: `"/${suffix}" is not a prefix length of an ${address.family === 'ipv4' ? 'IPv4' : 'IPv6'} address` };
    prefix = length;
  }
  const size = 1n << BigInt(bits - prefix);
  // Host bits are ignored, as Adobe's `127.0.0.1/16` for the loopback network shows.
  const first = address.value - (address.value % size);
  return { text, ranges: [{ family: address.family, first, last: first + size - 1n }] };
}

/** A written IPv4 netmask (`255.255.0.0`) as a prefix length; undefined unless its ones come first. */
function netmaskLength(text: string): number | undefined {
  const mask = parseAddress(text);
  if (mask?.family !== 'ipv4') return undefined;
  const ones = /^(1*)0*$/.exec(mask.value.toString(2).padStart(32, '0'));
  return ones?.[1]?.length;
}

/** An IPv4 or IPv6 address as a number; undefined when it is neither (zone ids `%eth0` are refused). */
export function parseAddress(text: string): { family: AddressFamily; value: bigint } | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 'ipv6', value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 'ipv4', value };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): string[] | undefined => (half === undefined || half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : undefined;
  if (head === undefined) return undefined;
  const words: bigint[] = [];
  const read = (list: string[]): boolean => {
    for (const [index, group] of list.entries()) {
      // An embedded IPv4 address may end the address (`::ffff:10.0.0.1`).
      if (index === list.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group);
        if (v4 === undefined) return false;
        words.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/i.test(group)) words.push(BigInt(`0x${group}`));
      else return false;
    }
    return true;
  };
  if (!read(head)) return undefined;
  const headCount = words.length;
  if (tail !== undefined && !read(tail)) return undefined;
  if (tail === undefined ? words.length !== 8 : words.length > 7) return undefined;
  const zeros = 8 - words.length;
  const all = [...words.slice(0, headCount), ...Array<bigint>(zeros).fill(0n), ...words.slice(headCount)];
  return all.reduce((value, word) => (value << 16n) | word, 0n);
}

/**
 * Networks a zone may open without concern: private (RFC 1918, IPv6 unique local fc00::/7),
 * loopback (127.0.0.0/8, ::1) and link-local (169.254.0.0/16, fe80::/10), and the same IPv4
 * networks written as IPv4-mapped IPv6 addresses. These are the ranges of Adobe's default zones
 * (Adobe, "The server configuration file", securityZone; link-local IPv4 beside its IPv6 twin).
 */
export const PRIVATE_NETWORKS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  '::ffff:10.0.0.0/104',
  '::ffff:172.16.0.0/108',
  '::ffff:192.168.0.0/112',
  '::ffff:127.0.0.0/104',
  '::ffff:169.254.0.0/112',
] as const;

/**
 * A set of networks, merged once, that answers "does it hold all of this range?". Entries that
 * are not understood add nothing (the policy file's own check names them).
 */
export class NetworkSet {
  readonly #merged: Record<AddressFamily, AddressRange[]> = { ipv4: [], ipv6: [] };

  constructor(masks: Iterable<string>) {
    const ranges: AddressRange[] = [];
    for (const mask of masks) ranges.push(...(parseMaskEntry(mask).ranges ?? []));
    for (const family of ['ipv4', 'ipv6'] as const) {
      const sorted = ranges.filter((range) => range.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
      const merged = this.#merged[family];
      for (const range of sorted) {
        const previous = merged[merged.length - 1];
        if (previous !== undefined && range.first <= previous.last + 1n) {
          if (range.last > previous.last) merged[merged.length - 1] = { family, first: previous.first, last: range.last };
        } else merged.push(range);
      }
    }
  }

  /** True when every address of the range is in the set. */
  covers(range: AddressRange): boolean {
    // Merged ranges neither touch nor overlap, so one of them must hold the whole range.
    return this.#merged[range.family].some((held) => held.first <= range.first && range.last <= held.last);
  }

  /** True when the entry was understood and every address it names is in the set. */
  coversEntry(entry: MaskEntry): boolean {
    return entry.ranges !== undefined && entry.ranges.every((range) => this.covers(range));
  }
}

/** The private, loopback and link-local networks, plus the policy's allowed networks. */
export function trustedNetworks(allowed: readonly string[] = []): NetworkSet {
  return new NetworkSet([...PRIVATE_NETWORKS, ...allowed]);
}

/** An entry as a report names it: quoted, and said to be judged as any address when it was not understood. */
export function describeEntry(entry: MaskEntry): string {
  return entry.ranges === undefined ? `"${entry.text}" (not understood: ${entry.problem ?? 'unknown form'}; judged as any address)` : `"${entry.text}"`;
}
