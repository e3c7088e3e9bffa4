// Expected failures: caught only by the CLI, printed as one line, exit code 2 (docs/reports.md#exit-codes).
// Pure: the file reading that raises most of these lives in src/inputs/input-file.ts.

/** Bad flag value, missing path, unreadable inventory or policy: the user must fix the input. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** What a failed file-system call means, in words, for every message that names a file. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'a file is in the way (a part of the path is not a directory)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENXIO: 'no device or reader behind it',
  ENODEV: 'no device behind it',
  EBUSY: 'busy',
  ETIMEDOUT: 'timed out',
  ESTALE: 'stale network file handle',
};

/**
 * "no such file", "permission denied"…: an fs error in words, never a bare code. An unknown code
 * is kept after a plain phrase ("cannot read (EFOO)") so it can still be looked up.
 */
export function describeFileError(error: unknown, verb = 'read'): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code === undefined) return `cannot ${verb} it`;
  return ERRNO_WORDS[code] ?? `cannot ${verb} it (${code})`;
}
