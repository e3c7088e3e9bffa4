// Adobe, "Server security settings", Other configurations
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/prerequisites-and-recommendations-/server-configuration):
// "By default, Adobe Campaign does not stick a session to a specific IP, but you can activate it to
// prevent the session from being stolen": shared/authentication@checkIPConsistent, default false
// ("The server configuration file").
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { isTrue, readableInstances, settingOf } from '../setting.js';

const ELEMENT = 'serverconf/shared/authentication';

export default defineRule({
  id: 'sessions/ip-not-checked',
  meta: {
    category: 'hardening',
    severity: 'medium',
    summary: 'Sessions are not bound to the client IP address (authentication@checkIPConsistent)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      notChecked: 'Instance {instance}: shared/authentication@checkIPConsistent is "{value}" ({source}), so a stolen session token works from any address.',
    },
    tally: { unit: 'instance', one: '{count} instance whose sessions are not bound to an IP', other: '{count} instances whose sessions are not bound to an IP' },
    remediation:
      'Set <authentication checkIPConsistent="true"/> under shared and reload the configuration. Check first that operators do not reach Campaign through proxies or networks that change their address within a session.',
  },
  check: ({ host }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'notChecked'>[] => {
      const setting = settingOf(instance, ELEMENT, 'checkIPConsistent', 'false');
      if (setting === undefined || isTrue(setting.value)) return [];
      return [{ messageId: 'notChecked', data: { instance: instance.name, value: setting.value, source: setting.source }, instance: instance.name, file: setting.file, path: setting.path }];
    }),
});
