// Build data the user brings: `--builds FILE` and the policy's `builds:` key, both the shape of
// src/data/builds.json (YAML or JSON). Errors name the file, the line and the row, as every input
// error does (src/inputs/issues.ts):
//   --builds extra.yaml line 7: builds[2].date (build 9403) must be a date YYYY-MM-DD
import { buildDataSchema, buildDataRowLabel } from '../data/build-schema.js';
import { mergeBuildData, type BuildTable, type RowOrigin } from '../data/builds.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { inputError, parseInput, type Key } from './issues.js';
import type { ParsedYaml } from './yaml.js';

/** Reads a --builds file and merges its rows into `table`. */
export async function loadBuildsFile(path: string, table: BuildTable, flag = '--builds'): Promise<BuildTable> {
  const file = await readYamlFile(path, flag, FILE_CAPS.builds);
  return applyBuildData(file, [], file.data ?? {}, table, { file: path });
}

/** Merges the build data at `at` in a parsed YAML file into `table`, or throws an InputError naming the row. */
export function applyBuildData(file: ParsedYaml, at: readonly Key[], value: unknown, table: BuildTable, origin: RowOrigin): BuildTable {
  const place = { at, rowLabel: buildDataRowLabel };
  const merged = mergeBuildData(table, parseInput(file.source, buildDataSchema, value, place), origin);
  if ('issues' in merged) throw inputError(file.source, merged.issues.map((issue) => ({ path: [...at, ...issue.path], problem: issue.message })), { ...place, value });
  return merged.table;
}
