// One rule for control and bidi characters in every format (docs/security.md): a host, an
// instance, a file or a report file name holding them is shown with each as "?" in the text and
// HTML formats, and as a \u escape in the JSON ones; no output carries one as it is.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diffReports } from '../../src/history/diff.js';
import { buildTrend, trendInput } from '../../src/history/trend.js';
import type { ScanResult } from '../../src/model.js';
import { buildPlan } from '../../src/plan/build.js';
import { planFormats } from '../../src/plan/formats.js';
import { diffFormats } from '../../src/report/diff.js';
import { reporters } from '../../src/report/index.js';
import { trendFormats } from '../../src/report/trend-formats.js';
import { auditSnapshots } from '../helpers/audit.js';
import { BUILDS, configXml, reportContext, snapshotOf } from '../helpers/fixtures.js';

/** Every character of the rule: bidi embeddings, overrides and isolates, marks, separators, C0 and C1 controls. */
const UNSAFE = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029', '\u001b', '\u0007', '\u007f', '\u0085', '\u009b'];
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
const JWT = configXml({ authIMSTAPrivateKey: '@ZW5jcnlwdGVkLWtleQ==', authIMSTAClientId: 'cid', authIMSTAId: 'X@techacct.adobe.com' });
const hostile = (base: string): string => `${base}${UNSAFE.join('')}end`;

describe('control and bidi characters, every format', () => {
  let result: ScanResult;
  before(async () => {
    result = await auditSnapshots([snapshotOf({ name: hostile('dorp'), files: { 'serverConf.xml': configXml(), [`config-${hostile('prod')}.xml`]: JWT } })]);
    assert.ok(result.findings.some((finding) => finding.instance === hostile('prod')), 'the instance name reaches the findings as it is');
  });

  const check = (what: string, text: string): void => {
    // CSV ends its records with CRLF (RFC 4180): the format's own, not the data's.
    const at = RAW.exec(text.replaceAll('\r\n', '\n'));
    assert.equal(at, null, `${what}: U+${at?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${at?.index}`);
  };

  it('scan reports (convert)', () => {
    for (const [format, { render }] of Object.entries(reporters)) check(format, render(result, reportContext(200)));
  });

  it('trend, from a report file name holding them too', () => {
    const trend = buildTrend([trendInput(hostile('week'), result), trendInput(hostile('other'), { ...result, asOf: '2099-01-01', hosts: result.hosts.map((host) => ({ ...host, name: hostile(host.name) })) })]);
    for (const [format, { render }] of Object.entries(trendFormats)) check(`trend ${format}`, render(trend, { color: false, width: 200 }));
  });

  it('diff', () => {
    const diff = diffReports({ ...result, hosts: [], findings: [] }, result);
    for (const [format, { render }] of Object.entries(diffFormats)) check(`diff ${format}`, render(diff, { color: false, width: 200 }));
  });

  it('plan', () => {
    const plan = buildPlan(result, BUILDS);
    for (const [format, { render }] of Object.entries(planFormats)) check(`plan ${format}`, render(plan));
  });
});
