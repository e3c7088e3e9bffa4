// The zod schema of build data: the shipped src/data/builds.json (checked by a test and when
// it loads), a --builds FILE and the policy's `builds:` key. Every string is limited to
// printable ASCII of a bounded length: these values reach terminals, HTML and Markdown reports.
import * as z from 'zod';
import { isoDate } from '../dates.js';
import { BUILD_STATUSES, type BuildData, type BuildRow, type Bulletin } from './build-types.js';

const PRINTABLE = /^[\x20-\x7e]*$/;
const text = (max: number, what: string): z.ZodString =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, { error: `must be ${what}, not empty` })
    .max(max, { error: `must be ${what} of at most ${max} characters` })
    .regex(PRINTABLE, { error: `must be ${what} in printable ASCII` });

const DATE = isoDate('must be a date YYYY-MM-DD');
const BUILD = z.int({ error: 'must be a whole build number' }).min(1000, { error: 'must be a build number (1000 or more)' }).max(99_999, { error: 'must be a build number (at most 99999)' });
export const BULLETIN_ID = /^(?:APSB\d{2}-\d{2,4}|CVE-\d{4}-\d{4,7})$/;
const BULLETIN = z.string({ error: 'must be a bulletin id' }).regex(BULLETIN_ID, { error: 'must be a bulletin id such as APSB26-142 or CVE-2026-48286' });

export const buildRowSchema = z.strictObject({
  version: z
    .string({ error: 'must be a version such as 7.4.4' })
    .regex(/^\d{1,2}(?:\.\d{1,2}){1,3}$/, { error: 'must be a version such as 7.4.4' })
    .refine((value) => !value.startsWith('8.'), { error: 'is a Campaign v8 version; the build data describes Campaign Classic v7' }),
  build: BUILD,
  sha: z.string({ error: 'must be a build SHA' }).regex(/^[0-9a-f]{7,40}$/, { error: 'must be a build SHA of 7 to 40 lower-case hex digits' }).exactOptional(),
  date: DATE.nullable(),
  label: text(60, 'a release name such as 7.4.4 or Gold Standard 11'),
  status: z.enum(BUILD_STATUSES, { error: `must be one of ${BUILD_STATUSES.join(', ')}` }),
  fixes: z.array(BULLETIN, { error: 'must be a list of bulletin ids' }).max(50).default([]),
  source: text(300, 'a release-notes URL or a bulletin id'),
  note: text(300, 'text').exactOptional(),
}) satisfies z.ZodType<BuildRow, unknown>;

export const bulletinSchema = z.strictObject({
  id: BULLETIN,
  date: DATE,
  revised: DATE.exactOptional(),
  affects: z
    .strictObject({ from: BUILD.exactOptional(), through: BUILD }, { error: 'must be { through: BUILD } (and optionally from: BUILD)' })
    .refine((range) => range.from === undefined || range.from <= range.through, { error: 'must not be after through', path: ['from'] }),
  source: text(300, 'the bulletin URL'),
  note: text(300, 'text').exactOptional(),
}) satisfies z.ZodType<Bulletin, unknown>;

/** A --builds file or the policy's `builds:` mapping. */
export const buildDataSchema = z.strictObject(
  {
    schemaVersion: z.literal(1, { error: 'must be 1' }).exactOptional(),
    checkedAt: DATE.exactOptional(),
    about: text(2000, 'text').exactOptional(),
    builds: z.array(buildRowSchema, { error: 'must be a list of build rows' }).max(5000).default([]),
    bulletins: z.array(bulletinSchema, { error: 'must be a list of bulletins' }).max(1000).default([]),
  },
  { error: 'must be a mapping with builds: and bulletins: lists' },
) satisfies z.ZodType<BuildData, unknown>;

/** The file shipped with the tool: versioned, with its check date. */
export const shippedBuildDataSchema = buildDataSchema.extend({ schemaVersion: z.literal(1), checkedAt: DATE });

/** A problem found in build data after its schema passed (a row given twice): key path and words, as a schema issue. */
export interface DataIssue {
  /** Key path in the input, e.g. ['builds', 3, 'fixes', 0]. */
  path: (string | number)[];
  /** Read after the key path: "repeats builds[0] (same build and SHA)". */
  message: string;
}

export type ParsedBuildData = { ok: true; data: BuildData & { checkedAt?: string } } | { ok: false; issues: DataIssue[] };

/** The shipped data's check (a user's file goes through src/inputs/builds-file.ts, which names file, line and row). */
export function parseBuildData(value: unknown, schema: typeof buildDataSchema | typeof shippedBuildDataSchema = buildDataSchema): ParsedBuildData {
  const result = schema.safeParse(value);
  if (result.success) {
    const { checkedAt, builds, bulletins } = result.data;
    return { ok: true, data: { ...(checkedAt !== undefined ? { checkedAt } : {}), builds, bulletins } };
  }
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: issue.path.filter((key) => typeof key !== 'symbol'), message: issue.message })) };
}

/**
 * A build data row as messages name it: `build 9403` for a build row, `APSB26-142` for a bulletin.
 * Only a well-formed build number or bulletin id names a row: a malformed one may be anything.
 */
export function buildDataRowLabel(row: unknown): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const { build, id } = row as { build?: unknown; id?: unknown };
  if (BUILD.safeParse(build).success) return `build ${String(build)}`;
  if (typeof id === 'string' && BULLETIN_ID.test(id)) return id;
  return null;
}
