// The hardening checklist against the rule registry: every hardening rule is on the checklist,
// and every rule the checklist names exists, so nothing Adobe lists is left out silently and no
// item points at a rule that is not there (docs/hardening.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ADOBE_PAGES, checklistRuleIds, HARDENING_CHECKLIST, type ChecklistItem } from '../../src/data/hardening-checklist.js';
import { RULES } from '../../src/rules/index.js';

const items: readonly ChecklistItem[] = HARDENING_CHECKLIST;

describe('hardening checklist', () => {
  it('names every rule of the hardening category in some item', () => {
    const named = new Set(checklistRuleIds());
    const hardening = RULES.filter((rule) => (rule.meta.category as string) === 'hardening').map((rule) => rule.id);
    assert.deepEqual(hardening.filter((id) => !named.has(id)), []);
  });

  it('names only registered rules', () => {
    const registered = new Set<string>(RULES.map((rule) => rule.id));
    assert.deepEqual(checklistRuleIds().filter((id) => !registered.has(id)), []);
  });

  it('maps the existing security rules Adobe lists instead of duplicating them', () => {
    const byRule = (id: string): string[] => items.filter((item) => item.kind === 'rules' && item.rules.includes(id)).map((item) => item.id);
    assert.deepEqual(byRule('secrets/plaintext'), ['dbcnx-password']);
    assert.deepEqual(byRule('operators/native-api-enabled'), ['ims-api-lockdown']);
  });

  it('gives every item a unique kebab-case id, a title, an Adobe page with its anchor or page address, and either rules or how to check by hand', () => {
    assert.equal(new Set(items.map((item) => item.id)).size, items.length);
    for (const item of items) {
      assert.match(item.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, item.id);
      assert.ok(item.title.length > 10 && !item.title.endsWith('.'), item.id);
      assert.ok(Object.values(ADOBE_PAGES).some((page) => page.title === item.page.title && (item.page.url === page.url || item.page.url.startsWith(`${page.url}#`))), `${item.id}: ${item.page.url}`);
      if (item.kind === 'rules') assert.ok(item.rules.length > 0, item.id);
      else assert.ok(item.manual.length > 20, item.id);
    }
  });

  it('cites only Experience League pages, over https', () => {
    for (const page of Object.values(ADOBE_PAGES)) assert.match(page.url, /^https:\/\/experienceleague\.adobe\.com\/en\/docs\/campaign-classic\/using\/[a-z0-9/-]+$/, page.title);
  });

  it('holds the manual items an audit asks about: web server, Tomcat, operator rights, relay, the zones of a caller', () => {
    const manual = items.filter((item) => item.kind === 'manual').map((item) => item.id);
    for (const id of ['web-tls', 'web-trace', 'web-banner', 'http-headers', 'tomcat-not-exposed', 'operator-rights', 'relay-https', 'zone-caller-rights']) assert.ok(manual.includes(id), id);
    const caller = items.find((item) => item.id === 'zone-caller-rights');
    assert.ok(caller?.kind === 'manual' && caller.manual.includes('/nl/jsp/ping.jsp?zones=true'));
  });

  it('says why the exec restriction does not apply to hosted servers', () => {
    assert.match(items.find((item) => item.id === 'exec-restriction')?.hosted ?? '', /hosted installations, this restriction is automatically applied/);
  });
});

describe('docs/hardening.md', () => {
  it('names every item and every rule of the checklist', () => {
    const doc = readFileSync(new URL('../../docs/hardening.md', import.meta.url), 'utf8');
    for (const item of items) assert.ok(doc.includes(`\`${item.id}\``), item.id);
    for (const id of checklistRuleIds()) assert.ok(doc.includes(`[\`${id}\`](rules/${id}.md)`), id);
    for (const page of Object.values(ADOBE_PAGES)) assert.ok(doc.includes(`[${page.title}](${page.url})`), page.title);
  });
});
