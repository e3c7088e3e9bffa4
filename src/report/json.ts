// The JSON report (contract, docs/reports.md#json--f-json): the ScanResult as it is.
// Terminal-unsafe characters are written as \u escapes, which parse to the same values.
import { safeJson } from '../render/text.js';
import type { Reporter } from './types.js';

export const json: Reporter = (result) => safeJson(result);
