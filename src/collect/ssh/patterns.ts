// Host patterns as OpenSSH matches them (ssh_config(5) PATTERNS, sshd(8) SSH_KNOWN_HOSTS FILE
// FORMAT): `*` and `?` wildcards, `!negation`, several per list. Matched without RegExp and without
// a cache: a compiled RegExp per pattern once kept 2.3 M globs of one known_hosts line alive until
// the heap ran out, and `.*` runs backtrack.

/** OpenSSH match_hostname: some pattern matches and no negated pattern does. Case-insensitive. */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  const text = name.toLowerCase();
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globMatches(text, (negated ? pattern.slice(1) : pattern).toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

const STAR = 42;
const QUESTION = 63;

/**
 * `*` (any run, also empty) and `?` (one character), nothing else special, case-sensitive.
 * Greedy with one backtrack point (the last `*`): at most text × pattern steps, no recursion.
 */
export function globMatches(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (c === STAR) {
      starAt = p++;
      resumeAt = t;
    } else if (c === QUESTION || (c !== -1 && c === text.charCodeAt(t))) {
      t++;
      p++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}
