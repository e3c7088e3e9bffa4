// Adobe, "Server security settings", Other configurations: "By default, Adobe Campaign's MTA does
// not use a secured connection to send content to the SMTP server. You have to enable this
// feature (may reduce delivery speed)" (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/prerequisites-and-recommendations-/server-configuration):
// mta/child/smtp@enableTLS, default false ("The server configuration file"). Only instances
// whose MTA starts on this host (mta@autoStart="true", default false) send mail from it.
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { isTrue, readableInstances, settingOf } from '../setting.js';

const MTA = 'serverconf/mta';
const SMTP = 'serverconf/mta/child/smtp';

export default defineRule({
  id: 'mta/tls-disabled',
  meta: {
    category: 'hardening',
    severity: 'medium',
    summary: 'The MTA sends email without TLS (mta/child/smtp@enableTLS)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      noTls: 'Instance {instance}: its MTA starts on this host and mta/child/smtp@enableTLS is "{value}" ({source}), so email leaves in clear text even where the receiving server offers STARTTLS.',
    },
    tally: { unit: 'instance', one: '{count} instance whose MTA sends without TLS', other: '{count} instances whose MTA sends without TLS' },
    remediation: 'Set <smtp enableTLS="true"/> under mta/child in the instance file and restart the MTA; Adobe notes it may reduce delivery speed, so watch throughput after the change.',
  },
  check: ({ host }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'noTls'>[] => {
      const autoStart = settingOf(instance, MTA, 'autoStart', 'false');
      if (autoStart === undefined || !isTrue(autoStart.value)) return [];
      const setting = settingOf(instance, SMTP, 'enableTLS', 'false');
      if (setting === undefined || isTrue(setting.value)) return [];
      return [{ messageId: 'noTls', data: { instance: instance.name, value: setting.value, source: setting.source }, instance: instance.name, file: setting.file, path: setting.path }];
    }),
});
