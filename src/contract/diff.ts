// The schema of `diff --format json` (contract), published as docs/diff.schema.json.
import * as z from 'zod';
import { HOST_STATUSES } from '../model.js';
import { findingSchema } from './report.js';
import { integer, list, object, text } from './common.js';

/** `diff --format json`. */
const hostState = object({ status: z.enum(HOST_STATUSES), build: integer.nullable(), version: text.nullable(), credentials: z.record(z.string(), text) });
export const diffSchema = object({
  new: list(findingSchema),
  resolved: list(findingSchema),
  unchanged: list(findingSchema),
  hostChanges: list(object({ host: text, change: z.enum(['added', 'removed', 'changed']), before: hostState.nullable(), after: hostState.nullable(), details: text })),
}).meta({ title: 'campaign-audit diff JSON', description: 'campaign-audit diff OLD NEW -f json' });

