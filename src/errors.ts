// Expected failures: caught only by the CLI, printed as one line, exit code 2 (DESIGN.md §2).

/** Bad flag value, missing path, unreadable inventory or policy: the user must fix the input. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
