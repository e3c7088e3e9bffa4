// Box drawing only where the locale can show it: on stdout under LANG=C (or LC_ALL=C, or any
// locale that is not UTF-8) the table and diff borders are ASCII; a file is UTF-8 whatever the
// locale and keeps box drawing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isUtf8Locale } from '../../src/cli/output.js';
import { runCli } from '../helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ca-ascii-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const BOX = /[┌┐└┘├┤┬┴┼─│]/;
const NOT_ASCII = /[^\x20-\x7e\n—]/;

describe('ASCII borders outside a UTF-8 locale', () => {
  it('reads the locale by POSIX precedence: LC_ALL, then LC_CTYPE, then LANG', () => {
    assert.equal(isUtf8Locale({ LANG: 'C' }), false);
    assert.equal(isUtf8Locale({ LANG: 'POSIX' }), false);
    assert.equal(isUtf8Locale({ LANG: 'en_US.UTF-8', LC_ALL: 'C' }), false);
    assert.equal(isUtf8Locale({ LANG: 'C', LC_CTYPE: 'C.utf8' }), true);
    assert.equal(isUtf8Locale({ LANG: 'de_DE.ISO-8859-1' }), false);
    assert.equal(isUtf8Locale({ LANG: 'en_US.UTF-8' }), true);
    assert.equal(isUtf8Locale({ LC_ALL: '', LANG: 'fr_FR.utf8' }), true, 'an empty variable is not set');
    assert.equal(isUtf8Locale({}), true, 'none set: UTF-8, as on Windows and most terminals');
  });

  for (const env of [{ LANG: 'C' }, { LANG: 'en_US.UTF-8', LC_ALL: 'C' }]) {
    it(`the scan table and the diff table on stdout under ${JSON.stringify(env)}`, async () => {
      const scan = await runCli(['demo', '--no-progress', '-f', 'table'], { env });
      assert.equal(scan.code, 0, scan.stderr);
      assert.doesNotMatch(scan.stdout, BOX);
      assert.match(scan.stdout, /^\+-+\+-+\+/m);
      assert.match(scan.stdout, /^\| mkt-prod-1 +\| ok +\|/m);
      const report = join(scratch, `r-${Object.keys(env).length}.json`);
      const file = join(scratch, `t-${Object.keys(env).length}.txt`);
      assert.equal((await runCli(['demo', '-q', '-f', `json=${report}`, '-f', `table=${file}`], { env })).code, 0);
      assert.match(readFileSync(file, 'utf8'), /^┌─/, 'a file keeps box drawing');
      const diff = await runCli(['diff', report, report], { env });
      assert.doesNotMatch(diff.stdout, BOX);
    });
  }

  it('keeps box drawing under a UTF-8 locale', async () => {
    const scan = await runCli(['demo', '--no-progress', '-f', 'table'], { env: { LANG: 'en_US.UTF-8' } });
    assert.match(scan.stdout, /^┌─/);
  });

  it('leaves the table free of characters a C locale cannot show, but for the dash of the prose', async () => {
    const scan = await runCli(['demo', '--no-progress', '-f', 'table'], { env: { LC_ALL: 'C' } });
    const lines = scan.stdout.split('\n').filter((line) => line.startsWith('+') || line.startsWith('|'));
    assert.ok(lines.length > 20);
    for (const line of lines.filter((text) => text.startsWith('+'))) assert.doesNotMatch(line, NOT_ASCII, line);
  });
});
