// Expected failures: caught only by the CLI, printed as one line, exit code 2 (DESIGN.md §2).

import { readFile } from 'node:fs/promises';

/** Bad flag value, missing path, unreadable inventory or policy: the user must fix the input. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Reads an input file named by a flag; a missing or unreadable file is an InputError. */
export async function readInputFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
