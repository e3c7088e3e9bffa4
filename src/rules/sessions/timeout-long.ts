// Adobe, "Server security settings", Other configurations: "You can reduce the lifetime of a
// session in the authentication node (sessionTimeOutSec attribute)"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/prerequisites-and-recommendations-/server-configuration);
// its default is 86400 s ("The server configuration file"). Adobe names no maximum, so the
// threshold is the fleet's (policy hardening.sessionTimeoutSec, default Adobe's 86400).
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { readableInstances, settingOf } from '../setting.js';

const ELEMENT = 'serverconf/shared/authentication';
const DEFAULT = '86400';

export default defineRule({
  id: 'sessions/timeout-long',
  meta: {
    category: 'hardening',
    severity: 'low',
    summary: 'Sessions last longer than the policy allows (authentication@sessionTimeOutSec)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      tooLong: 'Instance {instance}: shared/authentication@sessionTimeOutSec is {value} s ({source}), above the {threshold} s the policy allows.',
      notANumber: 'Instance {instance}: shared/authentication@sessionTimeOutSec is "{value}" ({source}), not a number of seconds: the session lifetime is unknown.',
    },
    tally: { unit: 'instance', one: '{count} instance with long sessions', other: '{count} instances with long sessions' },
    remediation: 'Set shared/authentication@sessionTimeOutSec to the session lifetime your security policy allows (in seconds) and reload the configuration.',
  },
  check: ({ host, policy }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'tooLong' | 'notANumber'>[] => {
      const setting = settingOf(instance, ELEMENT, 'sessionTimeOutSec', DEFAULT);
      if (setting === undefined) return [];
      const threshold = policy.hardening.sessionTimeoutSec;
      const where = { instance: instance.name, file: setting.file, path: setting.path };
      const text = setting.value.trim();
      if (!/^\d+$/.test(text)) return [{ messageId: 'notANumber', data: { instance: instance.name, value: setting.value, source: setting.source }, ...where }];
      const seconds = Number(text);
      return seconds > threshold ? [{ messageId: 'tooLong', data: { instance: instance.name, value: seconds, source: setting.source, threshold }, ...where }] : [];
    }),
});
