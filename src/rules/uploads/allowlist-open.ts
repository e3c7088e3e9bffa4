// Adobe, "Server security settings", File upload protection, and "File and resource management",
// Limit upload file format (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/prerequisites-and-recommendations-/server-configuration,
// https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/additional-configurations/file-res-management):
// shared/dataStore@uploadAllowlist is a comma-separated list of Java regular expressions a file
// name must match to be uploaded; its default, `.+`, lets any file type through.
import type { InstanceFacts } from '../../model.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { readableInstances, settingOf, type Setting } from '../setting.js';

const ELEMENT = 'serverconf/shared/dataStore';
const DEFAULT = '.+';
/**
 * The names Adobe's pages give the attribute, the reference page's first: the pages also write
 * uploadAllowList and, before the rename, uploadWhiteList / uploadWhitelist, and do not say which
 * build reads which, so any of them counts as set.
 */
const NAMES = ['uploadAllowlist', 'uploadAllowList', 'uploadWhiteList', 'uploadWhitelist'] as const;
/**
 * Whether one part of the list matches any file name, as `.+` does: once anchors (`^`, `$`) and
 * parentheses are set aside, nothing but `.` and the quantifiers `*`, `+`, `?`, with at least one
 * `*` or `+` (`.+`, `.*`, `^.*$`, `(.+)`, `..*`). The patterns come from a file on the audited
 * server and are never run: a hostile one could keep the scan busy for hours (docs/security.md#3-hostile-files).
 */
function isMatchAll(part: string): boolean {
  const core = part.trim().replace(/^\^/, '').replace(/\$$/, '').replace(/[()]/g, '');
  return /^(?:\.[*+?]?)+$/.test(core) && /[*+]/.test(core);
}

function allowlistOf(instance: InstanceFacts): Setting | undefined {
  for (const name of NAMES) {
    const setting = settingOf(instance, ELEMENT, name);
    if (setting !== undefined) return setting;
  }
  return settingOf(instance, ELEMENT, NAMES[0], DEFAULT);
}

export default defineRule({
  id: 'uploads/allowlist-open',
  meta: {
    category: 'hardening',
    severity: 'high',
    summary: 'The upload allowlist (dataStore@uploadAllowlist) lets any file type be uploaded',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      open: 'Instance {instance}: shared/dataStore@{attribute} is "{value}" ({source}), which accepts any file type, scripts and executables included.',
      empty: 'Instance {instance}: shared/dataStore@{attribute} is empty ({source}); Adobe documents no meaning for an empty list, so the default ".+" (any file type) may apply.',
    },
    tally: { unit: 'instance', one: '{count} instance that accepts any upload', other: '{count} instances that accept any upload' },
    remediation:
      'Ask the operators which file types they upload, list them in shared/dataStore@uploadAllowlist as comma-separated Java regular expressions (for example ".*\\.png,.*\\.jpg,.*\\.pdf"), on every server that receives publications (tracking servers included), and reload the configuration.',
  },
  check: ({ host }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'open' | 'empty'>[] => {
      const setting = allowlistOf(instance);
      if (setting === undefined) return [];
      const attribute = setting.path.slice(setting.path.lastIndexOf('@') + 1);
      const where = { instance: instance.name, file: setting.file, path: setting.path };
      if (setting.value.trim() === '') return [{ messageId: 'empty', data: { instance: instance.name, attribute, source: setting.source }, ...where }];
      return setting.value.split(',').some(isMatchAll) ? [{ messageId: 'open', data: { instance: instance.name, attribute, value: setting.value, source: setting.source }, ...where }] : [];
    }),
});
