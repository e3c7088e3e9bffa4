// Checks that a JSON file is a campaign-audit report (DESIGN.md §7) before convert, plan, diff
// or --baseline use it: a hand-edited or foreign file gets a one-line error naming the field,
// never a crash, and no unexpected value reaches an HTML, XML or shell renderer.
import { CREDENTIALS, HOST_STATUSES, RULE_IDS, SEVERITIES, type ScanResult } from './model.js';

type Check = (value: unknown, at: string) => void;

class ShapeError extends Error {}

const fail = (at: string, what: string): never => {
  throw new ShapeError(`${at} ${what}`);
};
const text: Check = (value, at) => void (typeof value === 'string' || fail(at, 'is not text'));
const optionalText: Check = (value, at) => void (value === undefined || text(value, at));
const nullableText: Check = (value, at) => void (value === null || text(value, at));
const integer: Check = (value, at) => void ((typeof value === 'number' && Number.isInteger(value)) || fail(at, 'is not a whole number'));
const nullableInteger: Check = (value, at) => void (value === null || integer(value, at));
const bool: Check = (value, at) => void (typeof value === 'boolean' || fail(at, 'is not true or false'));
const oneOf =
  (choices: readonly unknown[]): Check =>
  (value, at) =>
    void (choices.includes(value) || fail(at, `is not one of ${choices.join(', ')}`));
const date: Check = (value, at) => void ((typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) || fail(at, 'is not a date YYYY-MM-DD'));

function object(value: unknown, at: string, fields: Record<string, Check>): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, 'is not an object');
  for (const [key, check] of Object.entries(fields)) check((value as Record<string, unknown>)[key], `${at}.${key}`);
}

function list(value: unknown, at: string, item: Check): void {
  if (!Array.isArray(value)) fail(at, 'is not a list');
  (value as unknown[]).forEach((entry, index) => item(entry, `${at}[${index}]`));
}

const severity = oneOf(SEVERITIES);
/** A rule id this version knows: ids are never renamed, and the plan and SARIF look rules up by id. */
const ruleId: Check = (value, at) => void (RULE_IDS.includes(value as never) || fail(at, 'is not a known rule id'));
const optionalRuleId: Check = (value, at) => void (value === undefined || ruleId(value, at));
/** Finding data (messageId's placeholders): written since messageId and data were added; older reports have none. */
const messageData: Check = (value, at) => {
  if (value === undefined) return;
  object(value, at, {});
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'string' && !(typeof entry === 'number' && Number.isFinite(entry))) fail(`${at}.${key}`, 'is not text or a number');
  }
};

const waiver: Check = (value, at) =>
  object(value, at, { fingerprint: optionalText, ruleId: optionalRuleId, host: optionalText, instance: optionalText, reason: text, expires: date, matched: (v, a) => void (v === undefined || integer(v, a)) });

/** Throws a one-line message (without the file name) when `value` is not a report. */
export function checkReportShape(value: unknown): asserts value is ScanResult {
  try {
    object(value, 'report', {
      schemaVersion: oneOf([1]),
      tool: (v, a) => object(v, a, { name: text, version: text }),
      generatedAt: text,
      asOf: date,
      policy: (v, a) => object(v, a, { cutoff: date, minVersion: text, minBuild: integer, failOn: oneOf([...SEVERITIES, 'none']) }),
      summary: (v, a) =>
        object(v, a, {
          hosts: integer,
          scanned: integer,
          notScanned: integer,
          findings: (f, b) => object(f, b, Object.fromEntries(SEVERITIES.map((name) => [name, integer]))),
          verdict: oneOf(['pass', 'fail', 'incomplete']),
        }),
      hosts: (v, a) =>
        list(v, a, (host, b) =>
          object(host, b, {
            name: text,
            address: text,
            status: oneOf(HOST_STATUSES),
            error: optionalText,
            product: oneOf([null, 'v7', 'v8']),
            version: nullableText,
            build: nullableInteger,
            instances: (i, c) =>
              list(i, c, (instance, d) =>
                object(instance, d, { name: text, credential: oneOf(CREDENTIALS), file: text, clientId: optionalText, technicalAccountId: optionalText, orgId: optionalText }),
              ),
          }),
        ),
      findings: (v, a) =>
        list(v, a, (finding, b) =>
          object(finding, b, {
            ruleId,
            severity,
            host: text,
            instance: nullableText,
            file: nullableText,
            path: nullableText,
            message: text,
            messageId: optionalText,
            data: messageData,
            fingerprint: text,
            waived: bool,
            waiverReason: optionalText,
            baseline: (x, c) => void (x === undefined || bool(x, c)),
          }),
        ),
      waivers: (v, a) => void (v === undefined || object(v, a, { applied: (l, b) => list(l, b, waiver), expired: (l, b) => list(l, b, waiver), unmatched: (l, b) => list(l, b, waiver) })),
    });
  } catch (error) {
    if (error instanceof ShapeError) throw new Error(error.message, { cause: error });
    throw error;
  }
}
