// The waivers file (contract: docs/reports.md, "Waivers"): a YAML list of entries matched by
// fingerprint, or by ruleId + host (+ instance), each with a reason and an expiry date. Every
// problem is one InputError naming the file, the line and the field (src/inputs/issues.ts).
import * as z from 'zod';
import { INSTANCE_RULES, type Waiver } from '../engine/waivers.js';
import { RULE_IDS } from '../model.js';
import { FILE_CAPS, readYamlFile } from './input-file.js';
import { mapping, nonEmpty, parseInput } from './issues.js';
import { isoDate } from '../dates.js';

const EXPIRES = 'must be a date YYYY-MM-DD (UTC)';
const waiverSchema = mapping({
  reason: nonEmpty,
  expires: isoDate(EXPIRES),
  fingerprint: nonEmpty.optional(),
  ruleId: z.enum(RULE_IDS, { error: 'is not a known rule id' }).optional(),
  host: nonEmpty.optional(),
  instance: nonEmpty.optional(),
}).transform(({ reason, expires, fingerprint, ruleId, host, instance }, context): Waiver => {
  // A fingerprint names one finding; ruleId, host and instance are then not used.
  if (fingerprint !== undefined) return { reason, expires, fingerprint };
  // A finding about an instance across its hosts may be waived by naming the instance alone.
  const byInstance = ruleId !== undefined && host === undefined && instance !== undefined && INSTANCE_RULES.includes(ruleId);
  if (ruleId === undefined || (host === undefined && !byInstance)) {
    context.addIssue({ code: 'custom', message: `needs a "fingerprint", or a "ruleId" and a "host" (for ${INSTANCE_RULES.join(', ')}: a "ruleId" and an "instance")` });
    return z.NEVER;
  }
  return { reason, expires, ruleId, ...(host !== undefined ? { host } : {}), ...(instance !== undefined ? { instance } : {}) };
});
const waiversFileSchema = z.object({ waivers: z.array(waiverSchema, { error: 'must be a list' }).default([]) }, { error: 'must be a mapping' });

/** Reads and checks a --waivers file. */
export async function loadWaivers(path: string): Promise<Waiver[]> {
  const file = await readYamlFile(path, '--waivers', FILE_CAPS.waivers);
  return parseInput(file.source, waiversFileSchema, file.data ?? {}).waivers;
}
