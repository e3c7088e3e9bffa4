// Adobe, "Server security settings", Outgoing connection protection
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/prerequisites-and-recommendations-/server-configuration):
// blocking mode (shared/urlPermission@action="deny", the documented default) blocks every URL
// JavaScript calls that is not on the allowlist; `warn` and `ignore` let every URL through.
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { readableInstances, settingOf } from '../setting.js';

const ELEMENT = 'serverconf/shared/urlPermission';
/** The modes Adobe documents other than deny, by what they do with a URL not on the allowlist. */
const MODES: ReadonlyMap<string, string> = new Map([
  ['warn', 'warning mode: URLs off the allowlist are allowed, with a JST-310027 warning'],
  ['ignore', 'permissive mode: URLs off the allowlist are allowed without a warning'],
]);

export default defineRule({
  id: 'urls/permission-not-blocking',
  meta: {
    category: 'hardening',
    severity: 'medium',
    summary: 'JavaScript may call URLs outside the urlPermission allowlist (warn or permissive mode)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      open: 'Instance {instance}: shared/urlPermission@action is "{value}" ({source}), {mode}: workflows and scripts can call any URL.',
      unknown: 'Instance {instance}: shared/urlPermission@action is "{value}" ({source}), not one of deny, warn, ignore: Adobe documents no such mode.',
    },
    tally: { unit: 'instance', one: '{count} instance whose URL allowlist does not block', other: '{count} instances whose URL allowlist does not block' },
    remediation:
      'Set <urlPermission action="deny"> under shared in serverConf.xml (or the instance file), after listing every URL the instance needs as a <url dnsSuffix="…" urlRegEx="…"/> entry (the warn mode\'s JST-310027 messages name them), then reload the configuration.',
  },
  check: ({ host }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'open' | 'unknown'>[] => {
      const setting = settingOf(instance, ELEMENT, 'action', 'deny');
      if (setting === undefined) return [];
      const value = setting.value.trim();
      if (value === 'deny') return [];
      const where = { instance: instance.name, file: setting.file, path: setting.path };
      const mode = MODES.get(value);
      return mode !== undefined
        ? [{ messageId: 'open', data: { instance: instance.name, value, source: setting.source, mode }, ...where }]
        : [{ messageId: 'unknown', data: { instance: instance.name, value, source: setting.source }, ...where }];
    }),
});
