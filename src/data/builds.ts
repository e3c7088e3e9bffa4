// The Campaign Classic v7 build table: data in builds.json (docs/campaign.md#builds), merged with
// the user's rows from --builds and the policy's `builds:` key. Decisions compare build
// numbers, never versions: "20.2.3" is older than "7.4.1" (same page, "Compare build numbers").
import { daysSince } from '../dates.js';
import shippedJson from './builds.json' with { type: 'json' };
import { parseBuildData, shippedBuildDataSchema, type DataIssue } from './build-schema.js';
import { isShipped, SHIPPED, type BuildData, type BuildRow, type BuildTable, type Bulletin, type RowOrigin } from './build-types.js';

export type { BuildData, BuildRow, BuildTable, Bulletin, RowOrigin } from './build-types.js';

/** The build that introduced OAuth Server-to-Server (`setimsoauth`): 7.4.1 (docs/campaign.md#builds). */
export const OAUTH_MIN_BUILD = 9383;

/**
 * Days after its check date from which the build data is called stale: Adobe publishes Campaign
 * security bulletins about twice a month (docs/campaign.md#builds), so a month-old table may
 * already miss one.
 */
export const STALE_AFTER_DAYS = 30;

function loadShipped(): BuildTable {
  const parsed = parseBuildData(shippedJson, shippedBuildDataSchema);
  if (!parsed.ok) throw new Error(`src/data/builds.json is invalid: ${parsed.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  const empty: BuildTable = { checkedAt: parsed.data.checkedAt ?? '1970-01-01', rows: [], bulletins: [], files: [] };
  const merged = mergeBuildData(empty, parsed.data, SHIPPED);
  if ('issues' in merged) throw new Error(`src/data/builds.json is inconsistent: ${merged.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  return { ...merged.table, files: [] };
}

/**
 * The build data shipped with the tool. Nothing below defaults to it: every function takes the
 * table in use (shipped rows merged with the user's), and the edges (the CLI, the package entry
 * point) choose this one as the start of the merge.
 */
export const SHIPPED_BUILDS: BuildTable = loadShipped();

/**
 * `data` merged into `table`. A row with the same build and SHA as one already there replaces it
 * (so a user can mark a build recalled), as does a bulletin with the same id. Issues name the
 * key path in `data`: a fix that names an unknown bulletin, a row given twice.
 */
export function mergeBuildData(table: BuildTable, data: BuildData, origin: RowOrigin): { table: BuildTable } | { issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const bulletins = new Map(table.bulletins.map((bulletin) => [bulletin.id, bulletin]));
  data.bulletins.forEach((bulletin, index) => {
    const first = data.bulletins.findIndex((other) => other.id === bulletin.id);
    if (first !== index) issues.push({ path: ['bulletins', index, 'id'], message: `repeats bulletins[${first}].id` });
    bulletins.set(bulletin.id, { ...bulletin, origin });
  });
  const rows = new Map(table.rows.map((row) => [rowKey(row), row]));
  data.builds.forEach((row, index) => {
    const first = data.builds.findIndex((other) => rowKey(other) === rowKey(row));
    if (first !== index) issues.push({ path: ['builds', index], message: `repeats builds[${first}] (same build and SHA)` });
    row.fixes.forEach((id, fix) => {
      if (!bulletins.has(id)) issues.push({ path: ['builds', index, 'fixes', fix], message: 'names a bulletin that is not in the build data (add it under bulletins:)' });
      else if (isAffected(row.build, bulletins.get(id) as Bulletin)) issues.push({ path: ['builds', index, 'fixes', fix], message: `names a bulletin that still affects this build (it affects builds through ${(bulletins.get(id) as Bulletin).affects.through})` });
    });
    rows.set(rowKey(row), { ...row, origin });
  });
  if (issues.length > 0) return { issues };
  const checkedAt = data.checkedAt !== undefined && data.checkedAt > table.checkedAt ? data.checkedAt : table.checkedAt;
  return {
    table: {
      checkedAt,
      rows: [...rows.values()].sort((a, b) => b.build - a.build || (a.sha === undefined ? -1 : b.sha === undefined ? 1 : (a.date ?? '') < (b.date ?? '') ? -1 : 1)),
      bulletins: [...bulletins.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? -1 : 1)),
      files: isShipped(origin) || table.files.includes(origin.file) ? table.files : [...table.files, origin.file],
    },
  };
}

function rowKey(row: { build: number; sha?: string }): string {
  return row.sha === undefined ? String(row.build) : `${row.build}@${row.sha}`;
}

/** The newest build number in the table. */
export function newestBuild(table: BuildTable): number {
  return table.rows.reduce((best, row) => Math.max(best, row.build), 0);
}

/** The lowest build shipped for a version ("7.4.1" → 9383), or null when the table does not know it. */
export function minimumBuildFor(version: string, table: BuildTable): number | null {
  const builds = table.rows.filter((row) => row.version === version).map((row) => row.build);
  return builds.length > 0 ? Math.min(...builds) : null;
}

/**
 * Answers about one table, kept with it: every host and every rule asks the same few questions
 * (its build's row, the bulletins that affect it, the build to recommend), and each answer is a
 * scan of all rows. A table is never changed once built (mergeBuildData makes a new one).
 */
const answers = new WeakMap<BuildTable, Map<string, unknown>>();

function remembered<T>(table: BuildTable, key: string, compute: () => T): T {
  let known = answers.get(table);
  if (known === undefined) answers.set(table, (known = new Map()));
  if (known.has(key)) return known.get(key) as T;
  const value = compute();
  known.set(key, value);
  return value;
}

/** The row for a build: the one whose SHA matches (Gold Standard builds share 9032), else the one without a SHA. */
export function lookupBuild(build: number, sha: string | null | undefined, table: BuildTable): BuildRow | null {
  return remembered(table, `row ${build} ${sha ?? ''}`, () => findBuildRow(build, sha, table));
}

function findBuildRow(build: number, sha: string | null | undefined, table: BuildTable): BuildRow | null {
  const matches = table.rows.filter((row) => row.build === build);
  if (sha) {
    const bySha = matches.find((row) => row.sha !== undefined && sha.startsWith(row.sha));
    if (bySha) return bySha;
  }
  return matches.find((row) => row.sha === undefined) ?? matches[0] ?? null;
}

function isAffected(build: number, bulletin: Bulletin): boolean {
  return build <= bulletin.affects.through && build >= (bulletin.affects.from ?? 0);
}

export interface BulletinHit {
  bulletin: Bulletin;
  /** The first build that fixes it (the lowest row naming it in `fixes`, else the lowest row past its range), or null. */
  firstFixed: BuildRow | null;
}

/** The known bulletins that affect a v7 build, oldest first. */
export function bulletinsAffecting(build: number, table: BuildTable): readonly BulletinHit[] {
  return remembered(table, `bulletins ${build}`, () => Object.freeze(findBulletinsAffecting(build, table)));
}

function findBulletinsAffecting(build: number, table: BuildTable): BulletinHit[] {
  return table.bulletins
    .filter((bulletin) => isAffected(build, bulletin))
    .map((bulletin) => ({ bulletin, firstFixed: firstFixedBuild(bulletin, table) }))
    .sort((a, b) => (a.bulletin.date < b.bulletin.date ? -1 : a.bulletin.date > b.bulletin.date ? 1 : a.bulletin.id < b.bulletin.id ? -1 : 1));
}

/** The first build that fixes a bulletin, or null when the table knows none. */
export function firstFixedBuild(bulletin: Bulletin, table: BuildTable): BuildRow | null {
  const fixes = remembered(table, 'fixed', () => new WeakMap<Bulletin, BuildRow | null>());
  if (!fixes.has(bulletin)) fixes.set(bulletin, findFirstFixedBuild(bulletin, table));
  return fixes.get(bulletin) ?? null;
}

function findFirstFixedBuild(bulletin: Bulletin, table: BuildTable): BuildRow | null {
  const lowest = (rows: BuildRow[]): BuildRow | null => rows.reduce<BuildRow | null>((best, row) => (best === null || row.build < best.build ? row : best), null);
  const named = table.rows.filter((row) => row.fixes.includes(bulletin.id) && !isAffected(row.build, bulletin));
  return lowest(named) ?? lowest(table.rows.filter((row) => row.build > bulletin.affects.through && row.status !== 'recalled'));
}

/**
 * What to upgrade to: the newest GA build that no known bulletin affects. Never simply the
 * last row: the newest row may be affected, recalled or not GA. Falls back to the newest GA
 * row, then to the newest row.
 */
export function recommendedBuild(table: BuildTable): BuildRow {
  return remembered(table, 'recommended', () => findRecommendedBuild(table));
}

function findRecommendedBuild(table: BuildTable): BuildRow {
  const ga = table.rows.filter((row) => row.status === 'GA');
  const safe = ga.find((row) => !table.bulletins.some((bulletin) => isAffected(row.build, bulletin)));
  const choice = safe ?? ga[0] ?? table.rows[0];
  if (choice === undefined) throw new Error('the build table is empty');
  return choice;
}

/** Is the table older than STALE_AFTER_DAYS at `asOf`? Returns the age in days when it is. */
export function staleDays(table: Pick<BuildTable, 'checkedAt'>, asOf: string): number | null {
  const days = daysSince(asOf, table.checkedAt);
  return days > STALE_AFTER_DAYS ? days : null;
}

/** Stale build data, said the same way by the verdict, every report, the scan's stderr and `builds`. */
export interface StaleBuildData {
  checkedAt: string;
  /** Days from checkedAt to the as-of date. */
  days: number;
  /** The sentence, with how to update. */
  text: string;
}

export function staleBuildData(checkedAt: string, asOf: string): StaleBuildData | undefined {
  const days = staleDays({ checkedAt }, asOf);
  if (days === null) return undefined;
  return {
    checkedAt,
    days,
    text: `The build data was checked on ${checkedAt}, ${days} days before ${asOf}: newer builds and security bulletins may be missing. Update campaign-audit, or add them with --builds FILE (docs/campaign.md#builds).`,
  };
}

/**
 * The one way every report names a host's version: the table's label when the build (and SHA)
 * is known ("Gold Standard 11", "7.4.4"), else the version the host printed, else the build.
 */
export function versionLabel(host: { version: string | null; build: number | null; sha?: string | null }, table: BuildTable): string {
  if (host.build !== null) {
    const row = lookupBuild(host.build, host.sha ?? null, table);
    // A SHA the table does not know (an unlisted Gold Standard) keeps the printed version.
    const isExact = row !== null && (row.sha === undefined ? true : host.sha?.startsWith(row.sha) === true);
    if (row !== null && isExact && (row.sha !== undefined || host.version === null || host.version === row.version)) return row.label;
  }
  return host.version ?? (host.build !== null ? `build ${host.build}` : 'unknown');
}
