// `campaign-audit builds`: the build data in use (shipped rows plus --builds / policy rows), its
// check date and where each row came from, as text within the terminal (80 columns in a file)
// or JSON.
import { isShipped } from '../data/build-types.js';
import { firstFixedBuild, recommendedBuild, staleBuildData, type BuildTable, type RowOrigin } from '../data/builds.js';
import { EXIT_PASS, EXIT_USAGE } from '../engine/result.js';
import type { OutputFormat } from '../render/output-format.js';
import { printableLine } from '../render/text.js';
import { wrapText } from '../render/text-layout.js';
import type { CliIO } from './io.js';
import type { FormatSpec } from './options.js';
import { writeOutputs } from './output.js';

/** The formats of `builds -f`; `--json` is `-f json`. */
export const buildsFormats = {
  table: { render: (view, { width }) => buildsText(view, width), summary: 'builds, bulletins and the recommended build, as text' },
  json: { render: (view) => buildsJson(view), summary: 'the same with every row\'s public source' },
} satisfies Record<string, OutputFormat<BuildsView>>;

export type BuildsFormat = keyof typeof buildsFormats;

/** The build data in use, and the date it is judged stale against (--as-of, default today). */
export interface BuildsView {
  table: BuildTable;
  asOf: string;
}

export async function runBuilds(io: CliIO, view: BuildsView, formats: readonly FormatSpec<BuildsFormat>[]): Promise<number> {
  const stale = staleBuildData(view.table.checkedAt, view.asOf);
  // Said on stderr too when the table goes to a file: the scan's warning, in the same words.
  if (stale !== undefined && formats.some((spec) => spec.file !== undefined)) io.writeErr(`campaign-audit: warning: ${stale.text}\n`);
  return (await writeOutputs(io, buildsFormats, view, formats, { noun: 'build data', fileWidth: 80 })) ? EXIT_PASS : EXIT_USAGE;
}

export function buildsJson({ table, asOf }: BuildsView): string {
  const recommended = recommendedBuild(table);
  const stale = staleBuildData(table.checkedAt, asOf);
  return `${JSON.stringify(
    {
      checkedAt: table.checkedAt,
      ...(stale !== undefined ? { stale } : {}),
      files: table.files,
      recommended: { version: recommended.version, build: recommended.build, label: recommended.label },
      // origin as it always read in this JSON: "shipped", or the path of the file the row came from.
      builds: table.rows.map((row) => ({ ...row, origin: originText(row.origin) })),
      bulletins: table.bulletins.map((bulletin) => ({ ...bulletin, origin: originText(bulletin.origin) })),
    },
    null,
    2,
  )}\n`;
}

function originText(origin: RowOrigin): string {
  return isShipped(origin) ? 'shipped' : origin.file;
}

/** The table as plain text no wider than `width` (80 by default): long values are cut with "…". */
export function buildsText({ table, asOf }: BuildsView, width = 80): string {
  const stale = staleBuildData(table.checkedAt, asOf);
  const extra = table.rows.filter((row) => !isShipped(row.origin)).length;
  const recommended = recommendedBuild(table);
  const tag = (origin: RowOrigin): string => (isShipped(origin) ? 'shipped' : `[${table.files.indexOf(origin.file) + 1}]`);
  const out = [
    `Build data checked ${table.checkedAt}: ${table.rows.length} builds (${table.rows.length - extra} shipped, ${extra} from files), ${table.bulletins.length} security bulletins.`,
    ...(stale !== undefined ? [`STALE: ${stale.text}`] : []),
    ...table.files.map((file, index) => `[${index + 1}] ${printableLine(file)}`),
    `Recommended target: ${recommended.label} build ${recommended.build} (the newest GA build that no known bulletin affects).`,
    '',
  ].flatMap((line) => wrapText(line, width));

  const rows = table.rows.map((row) => [
    row.sha === undefined ? String(row.build) : `${row.build}@${row.sha.slice(0, 7)}`,
    cut(row.label, 18),
    row.date ?? '-',
    row.status,
    row.fixes.length > 1 ? `${row.fixes[0]} +${row.fixes.length - 1}` : (row.fixes[0] ?? '-'),
    tag(row.origin),
  ]);
  out.push(...columns(['BUILD', 'RELEASE', 'DATE', 'STATUS', 'FIXES', 'FROM'], rows, width), '');

  const bulletins = table.bulletins.map((bulletin) => {
    const fixed = firstFixedBuild(bulletin, table);
    const range = bulletin.affects.from === undefined ? `<= ${bulletin.affects.through}` : `${bulletin.affects.from}-${bulletin.affects.through}`;
    return [bulletin.id, bulletin.date, range, fixed ? String(fixed.build) : 'none known', tag(bulletin.origin)];
  });
  out.push(...columns(['BULLETIN', 'DATE', 'AFFECTS', 'FIXED IN', 'FROM'], bulletins, width), '');
  out.push(...wrapText('Each row cites its public source (release notes or bulletin): see `campaign-audit builds --json`. Add newer rows with --builds FILE or the policy key builds:.', width));
  return `${out.join('\n')}\n`;
}

/** Left-aligned columns two spaces apart; the last column takes what is left of the width. */
function columns(head: string[], rows: string[][], width: number): string[] {
  const all = [head, ...rows];
  const widths = head.map((_, index) => Math.max(...all.map((row) => (row[index] ?? '').length)));
  const fixed = widths.slice(0, -1).reduce((sum, value) => sum + value + 2, 0);
  const last = Math.max(8, width - fixed);
  return all.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cut(cell, last) : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
