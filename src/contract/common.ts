// The building blocks of the JSON contracts (report, plan, diff), in zod: convert, plan, diff,
// trend and --baseline check a saved report with them, so a hand-edited or foreign file gets a
// one-line error naming the field, never a crash, and no unexpected value reaches an HTML, XML or
// shell renderer. docs/*.schema.json are generated from the same source (scripts/report-schema.ts).
//
// zod 4 is the one schema library for every input (inventory, waivers, policy, evidence, saved
// reports, build data): it is bundled (no install cost), its issues carry the key path (which
// becomes the file's line for YAML), and z.toJSONSchema publishes the same source as JSON Schema.
import * as z from 'zod';
import { isoDate } from '../dates.js';
import { CREDENTIALS, RULE_IDS, SEVERITIES } from '../model.js';

export const text = z.string({ error: 'is not text' });
export const integer = z.int({ error: 'is not a whole number' });
export const bool = z.boolean({ error: 'is not true or false' });
/** A date that exists (src/dates.ts): a saved report with 2026-02-30 is refused, not charted as NaN. */
export const date = isoDate('is not a date YYYY-MM-DD');
export const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: 'is not an object' });
export const list = <T extends z.core.SomeType>(item: T) => z.array(item, { error: 'is not a list' });
export const severity = z.enum(SEVERITIES, { error: `is not one of ${SEVERITIES.join(', ')}` });
export const credential = z.enum(CREDENTIALS, { error: `is not one of ${CREDENTIALS.join(', ')}` });

/** A rule id this version knows: ids are never renamed, and the plan and SARIF look rules up by id. */
export const ruleId = z.enum(RULE_IDS, { error: 'is not a known rule id' });
/** Finding data (messageId's placeholders): written since messageId and data were added; older reports have none. */
export const messageData = z.record(z.string(), z.union([z.string(), z.number()], { error: 'is not text or a number' }), { error: 'is not an object' });

