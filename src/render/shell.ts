// POSIX shell quoting, shared by the SSH collector's command line (src/collect/ssh/exec.ts) and
// the plan's sh script (src/plan/sh.ts). Pure.

/** POSIX single quotes: the value can hold anything but NUL and stays one word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
