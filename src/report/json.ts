// The JSON report (contract, DESIGN.md §7): the ScanResult as it is.
import type { Reporter } from './types.js';

export const json: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;
