// The commands that take -f FMT[=FILE], each with its format registry: shared by the help and
// format tests so that a new command or format is checked by both.
import { buildsFormats } from '../../src/cli/builds-command.js';
import { planFormats } from '../../src/plan/formats.js';
import { diffFormats } from '../../src/report/diff.js';
import { reporters } from '../../src/report/index.js';
import { trendFormats } from '../../src/report/trend-formats.js';

export const FORMAT_REGISTRIES: Record<string, Readonly<Record<string, { summary: string }>>> = {
  scan: reporters,
  demo: reporters,
  convert: reporters,
  plan: planFormats,
  trend: trendFormats,
  diff: diffFormats,
  builds: buildsFormats,
};
