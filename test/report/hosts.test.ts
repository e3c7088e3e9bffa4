// No host disappears: every format has a row, case, result or notification for every host,
// scanned or not, and a host not scanned is never shown as green.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ScanResult } from '../../src/model.js';
import { csv } from '../../src/report/csv.js';
import { junit } from '../../src/report/junit.js';
import { markdown } from '../../src/report/markdown.js';
import { sarif } from '../../src/report/sarif.js';
import { table } from '../../src/report/table.js';
import { auditSnapshots } from '../helpers/audit.js';
import { demoResult, downHost } from '../helpers/demo.js';
import { pdumpLine, reportContext } from '../helpers/fixtures.js';
import { html } from '../../src/report/html.js';

const context = reportContext();
let result: ScanResult;
let allDown: ScanResult;
before(async () => {
  result = await demoResult({}, [downHost('down-1'), downHost('down-2', 'timeout', 'no answer within 60 s')]);
  allDown = await auditSnapshots([downHost('a'), downHost('b', 'auth-failed', 'no key was accepted'), downHost('c', 'host-key-mismatch', 'the host key changed')]);
});

describe('every host in every format', () => {
  it('CSV: a host row for each host, with its status and error', () => {
    for (const subject of [result, allDown]) {
      const lines = csv(subject, context).trimEnd().split('\r\n');
      const header = lines[0]!.split(',');
      const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((cell, index) => [header[index], cell])));
      const hostRows = rows.filter((row) => row.record === 'host');
      assert.deepEqual(hostRows.map((row) => row.host), subject.hosts.map((host) => host.name));
      for (const host of subject.hosts.filter((entry) => entry.status !== 'ok')) {
        const row = hostRows.find((entry) => entry.host === host.name)!;
        assert.equal(row.status, host.status);
        assert.equal(row.error, host.error);
        assert.equal(row.message, `not scanned (${host.status})`);
      }
    }
    assert.equal(csv(allDown, context).trimEnd().split('\r\n').length, 4, 'three unreachable hosts: a header and three rows');
  });

  it('JUnit: a host not scanned is an error, never green', () => {
    for (const subject of [result, allDown]) {
      const xml = junit(subject, context);
      assert.equal(XMLValidator.validate(xml), true);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
        testsuites: { errors: string; testsuite: { name: string; errors: string; testcase?: { name: string; error?: { type: string; message: string } }[] }[] };
      };
      const down = subject.hosts.filter((host) => host.status !== 'ok');
      assert.equal(Number(parsed.testsuites.errors), down.length);
      for (const host of subject.hosts) {
        const suite = parsed.testsuites.testsuite.find((entry) => entry.name === host.name);
        assert.ok(suite, host.name);
        const scan = suite.testcase?.find((entry) => entry.name === 'scan');
        if (host.status === 'ok') assert.equal(scan?.error, undefined);
        else {
          assert.equal(Number(suite.errors), 1);
          assert.equal(scan?.error?.type, host.status);
          assert.equal(scan?.error?.message, `host not scanned: ${host.status}: ${host.error}`);
        }
      }
    }
  });

  it('SARIF: an error notification per host not scanned, and it still validates', () => {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as new (options: object) => { addMetaSchema(schema: object): void; validate(schema: object, data: unknown): boolean; errors: unknown };
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true, unknownFormats: 'ignore' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    for (const subject of [result, allDown]) {
      const log = JSON.parse(sarif(subject, context)) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; properties: { host: string; status: string } }[] }[] }[] };
      assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors));
      const [invocation] = log.runs[0]!.invocations;
      const down = subject.hosts.filter((host) => host.status !== 'ok');
      assert.equal(invocation!.executionSuccessful, false);
      assert.deepEqual(invocation!.toolExecutionNotifications.map((entry) => [entry.level, entry.properties.host, entry.properties.status]), down.map((host) => ['error', host.name, host.status]));
      for (const [index, host] of down.entries()) assert.match(invocation!.toolExecutionNotifications[index]!.message.text, new RegExp(`could not be scanned: ${host.status}: ${host.error}`));
    }
  });

  it('table and Markdown: a line per host with its status and error', () => {
    for (const subject of [result, allDown]) {
      const text = table(subject, context);
      const md = markdown(subject, context);
      for (const host of subject.hosts) {
        assert.match(text, new RegExp(`│ ${host.name} +│ ${host.status} `), host.name);
        assert.match(md, new RegExp(`^\\| ${host.name.replace(/-/g, '\\\\?-')} \\| ${host.status} \\|`, 'm'), host.name);
        if (host.error) {
          assert.ok(text.includes(host.error), host.error);
          assert.ok(md.includes(host.error), host.error);
        }
      }
    }
  });

  it('one version per host in every format: read from the banner even when the configuration was not, none when never reached', async () => {
    const bannerOnly = { ...downHost('banner-1', 'error', 'conf/ holds no configuration file'), pdump: pdumpLine('7.4.1', 9383) };
    const subject = await auditSnapshots([bannerOnly, downHost('down-1')]);
    const [banner, down] = subject.hosts;
    assert.equal(banner?.build, 9383);
    assert.equal(down?.build, null);
    const csvRows = csv(subject, context).split('\r\n').filter((line) => line.startsWith('host,'));
    assert.match(csvRows[0]!, /^host,,,banner-1,error,v7,7\.4\.1,9383,/);
    assert.match(csvRows[1]!, /^host,,,down-1,unreachable,,,,/);
    assert.match(table(subject, { ...context, width: 120 }), /│ banner-1 +│ error +│ v7 +│ 7\.4\.1 +│ 9383 +│/);
    assert.match(table(subject, { ...context, width: 120 }), /│ down-1 +│ unreachable +│ - +│ - +│ - +│/);
    assert.match(table(subject, { ...context, width: 40 }), /^banner-1: error v7 7\.4\.1 build 9383$/m);
    assert.match(markdown(subject, context), /^\| banner\\?-1 \| error \| v7 \| 7\.4\.1 \| 9383 \|/m);
    assert.match(markdown(subject, context), /^\| down\\?-1 \| unreachable \| - \| - \| - \|/m);
    const page = html(subject, context);
    assert.match(page, /<tr data-host="banner-1"[^\n]*<td>v7 7\.4\.1<div class="detail">build 9383<\/div><\/td>/);
    assert.match(page, /<tr data-host="down-1"[^\n]*<td><strong>unreachable<\/strong><\/td><td>-<\/td>/);
    const xml = junit(subject, context);
    assert.match(xml, /banner-1 \(banner-1\.example\.test\) runs v7 7\.4\.1 \(build 9383\), but its configuration could not be read/);
    assert.match(xml, /down-1 \(down-1\.example\.test\) could not be scanned/);
  });
});
