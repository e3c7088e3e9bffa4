// The waivers file (contract: docs/reports.md, "Waivers"): a YAML list of entries matched by
// fingerprint, or by ruleId + host (+ instance), each with a reason and an expiry date. Every
// problem is one InputError naming the file, the line and the field.
import * as z from 'zod';
import type { Waiver } from '../engine/waivers.js';
import { isRuleId } from '../model.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { isText, mapping, nonEmpty, parseInFile } from './issues.js';
import { isIsoDate } from './values.js';

const isDate = isIsoDate;

const EXPIRES = '{parent} needs "expires" as a date YYYY-MM-DD (UTC)';
const waiverSchema = mapping(
  {
    reason: nonEmpty('{parent} needs a "reason"'),
    expires: z.string({ error: EXPIRES }).refine(isDate, { error: EXPIRES }),
    fingerprint: nonEmpty('{path} must be text').optional(),
    ruleId: z.unknown().optional(),
    host: z.unknown().optional(),
    instance: z.unknown().optional(),
  },
  '{path}',
  '{path}: unknown key "{key}"',
).transform((entry, context): Waiver => {
  const waiver = { reason: entry.reason.trim(), expires: entry.expires };
  // A fingerprint names one finding; ruleId, host and instance are then not read.
  if (entry.fingerprint !== undefined) return { ...waiver, fingerprint: entry.fingerprint.trim() };
  const fail = (message: string, path: string[] = []): never => {
    context.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  if (!isText(entry.ruleId) || !isText(entry.host)) return fail('{path} needs a "fingerprint", or a "ruleId" and a "host"');
  if (!isRuleId(entry.ruleId)) return fail(`{parent}: unknown rule "${entry.ruleId}"`, ['ruleId']);
  if (entry.instance !== undefined && !isText(entry.instance)) return fail('{path} must be text', ['instance']);
  return { ...waiver, ruleId: entry.ruleId, host: entry.host, ...(entry.instance !== undefined ? { instance: entry.instance } : {}) };
});
const waiversFileSchema = z.object({ waivers: z.array(waiverSchema, { error: '"waivers" must be a list' }).default([]) }, { error: 'the waivers file must be a mapping' });

/** Reads and checks a --waivers file. */
export async function loadWaivers(path: string): Promise<Waiver[]> {
  const file = await readYamlFile(path, '--waivers', FILE_CAPS.waivers);
  return parseInFile(file, [], waiversFileSchema, file.data ?? {}).waivers;
}

