// Types of the build data (src/data/builds.json, --builds FILE, the policy's `builds:` key).
// Plain, serializable data; the zod schema that checks it is in build-schema.ts.

export const BUILD_STATUSES = ['GA', 'deprecated', 'recalled'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** One Campaign Classic v7 build, as a release note or security bulletin names it. */
export interface BuildRow {
  /** Version as Adobe prints it: `7.4.4`, `21.1.4`, `19.1.4`. */
  version: string;
  build: number;
  /** Build SHA (`9032@554dbcd`): Gold Standard builds share build 9032 and differ only by it. */
  sha?: string;
  /** Release date YYYY-MM-DD, or null when no public page gives one. */
  date: string | null;
  /** The name people use: `7.4.4`, `Gold Standard 11`. */
  label: string;
  status: BuildStatus;
  /** Ids of the security bulletins this build fixes (`APSB26-142`, `CVE-2026-48286`). */
  fixes: string[];
  /** Where the row comes from: a release-notes page URL or a bulletin id. */
  source: string;
  note?: string;
}

/** A security bulletin and the builds it affects: every v7 build from `from` (default: all) through `through`. */
export interface Bulletin {
  id: string;
  /** Published YYYY-MM-DD. */
  date: string;
  revised?: string;
  affects: { from?: number; through: number };
  /** The bulletin's public page. */
  source: string;
  note?: string;
}

/** What a build data file holds: the shipped one, a --builds file, or the policy's `builds:` key. */
export interface BuildData {
  /** The day the rows were last checked against Adobe's pages. */
  checkedAt?: string;
  builds: BuildRow[];
  bulletins: Bulletin[];
}

/**
 * Where a row comes from: the data shipped with the tool, or a file of the user's (a --builds
 * file, or the policy file whose `builds:` key holds it). An object, so that no file name — not
 * even one spelled "shipped" — reads as shipped data.
 */
export type RowOrigin = typeof SHIPPED | { file: string };

/** The build data in use: shipped rows merged with the user's. */
export interface BuildTable {
  /** The newest check date among the shipped data and the user's files. */
  checkedAt: string;
  rows: readonly (BuildRow & { origin: RowOrigin })[];
  bulletins: readonly (Bulletin & { origin: RowOrigin })[];
  /** The user's files merged in, in order. */
  files: readonly string[];
}

export const SHIPPED = 'shipped';

export function isShipped(origin: RowOrigin): origin is typeof SHIPPED {
  return origin === SHIPPED;
}
