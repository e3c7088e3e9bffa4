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
/** Files no upload allowlist meant to restrict should accept: server-side scripts, executables, active content. */
const PROBES = ['upload.jsp', 'upload.exe', 'upload.sh', 'upload.php', 'upload.html', 'upload.svg', 'upload.js'];

/** Whether the list accepts every probe, as Java's String.matches would (whole name); parts JavaScript cannot compile are left out. */
function acceptsEverything(list: string): boolean {
  const patterns = list.split(',').flatMap((part) => {
    try {
      return [new RegExp(`^(?:${part.trim()})$`)];
    } catch {
      return [];
    }
  });
  return patterns.length > 0 && PROBES.every((name) => patterns.some((pattern) => pattern.test(name)));
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
      return acceptsEverything(setting.value) ? [{ messageId: 'open', data: { instance: instance.name, attribute, value: setting.value, source: setting.source }, ...where }] : [];
    }),
});
