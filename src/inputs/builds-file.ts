// Build data the user brings: `--builds FILE` and the policy's `builds:` key, both the shape of
// src/data/builds.json (YAML or JSON). Errors name the file, the line and the row:
//   extra.yaml line 7: builds[2].date (build 9403): must be a date YYYY-MM-DD
import { parseBuildData, type DataIssue } from '../data/build-schema.js';
import { mergeBuildData, type BuildTable, type RowOrigin } from '../data/builds.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import type { ParsedYaml } from './yaml.js';

/** Reads a --builds file and merges its rows into `table`. */
export async function loadBuildsFile(path: string, table: BuildTable, flag = '--builds'): Promise<BuildTable> {
  const file = await readYamlFile(path, flag, FILE_CAPS.builds);
  return applyBuildData(file, [], file.data ?? {}, table, { file: path });
}

/** Merges the build data at `at` in a parsed YAML file into `table`, or throws an InputError naming the row. */
export function applyBuildData(file: ParsedYaml, at: readonly (string | number)[], value: unknown, table: BuildTable, origin: RowOrigin): BuildTable {
  const parsed = parseBuildData(value);
  if (!parsed.ok) throw failOn(file, at, value, parsed.issues);
  const merged = mergeBuildData(table, parsed.data, origin);
  if ('issues' in merged) throw failOn(file, at, value, merged.issues);
  return merged.table;
}

function failOn(file: ParsedYaml, at: readonly (string | number)[], value: unknown, issues: readonly DataIssue[]): Error {
  const [first] = issues;
  if (first === undefined) return file.fail(at, 'invalid build data');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return file.fail([...at, ...first.path], `${describePath([...at, ...first.path], value, at.length)}: ${first.message}${more}`);
}

/** `builds[2].date (build 9403)`: the key path, and the row's build (or bulletin id) when it has one. */
function describePath(path: readonly (string | number)[], value: unknown, skip: number): string {
  let text = '';
  let label: string | null = null;
  let node: unknown = value;
  path.forEach((key, index) => {
    if (index >= skip) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined;
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${key}`;
    if (typeof key === 'number') label = rowLabel(node) ?? label;
  });
  return `${text || 'the build data'}${label !== null ? ` (${label})` : ''}`;
}

function rowLabel(node: unknown): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const { build, id } = node as { build?: unknown; id?: unknown };
  if (typeof build === 'number' && Number.isSafeInteger(build)) return `build ${build}`;
  if (typeof id === 'string' && /^[\w-]{1,40}$/.test(id)) return id;
  return null;
}
