// Adobe, "Latest release", Build 9397, Other changes
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/release-notes/latest-release):
// "By default, webForm.jsp now ignores client-supplied ctx parameters. This is controlled by the
// disableCtxInWebForm parameter which is set to "true" by default"; `<jsp disableCtxInWebForm="false"/>`
// under <web> re-enables them "temporarily" ("Plan to phase out this usage"). Before 9397 the
// parameter does not exist and only an upgrade closes it (build/security-fix-missing).
import { defineRule, CLASSIC_ONLY, type RuleHit } from '../define.js';
import { isTrue, readableInstances, settingOf } from '../setting.js';

/** The first build whose release notes make true the default. */
export const WEBFORM_CTX_DEFAULT_BUILD = 9397;
const ELEMENT = 'serverconf/web/jsp';

export default defineRule({
  id: 'web/webform-ctx-enabled',
  meta: {
    category: 'hardening',
    severity: 'high',
    summary: 'webForm.jsp accepts client-supplied ctx parameters again (web/jsp@disableCtxInWebForm)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      enabled: 'Instance {instance}: web/jsp@disableCtxInWebForm is "{value}" ({source}), which turns back on the client-supplied ctx parameters that build 9397 made webForm.jsp ignore.',
    },
    tally: { unit: 'instance', one: '{count} instance whose web forms accept ctx', other: '{count} instances whose web forms accept ctx' },
    remediation: 'Stop passing ctx to webForm.jsp, then remove disableCtxInWebForm from <web><jsp …/></web> (or set it to "true") and reload the configuration.',
  },
  check: ({ host }) => {
    const build = host.version?.build ?? null;
    if (build !== null && build < WEBFORM_CTX_DEFAULT_BUILD) return [];
    return readableInstances(host.instances).flatMap((instance): RuleHit<'enabled'>[] => {
      // Only an explicit value: the default (true from 9397) protects.
      const setting = settingOf(instance, ELEMENT, 'disableCtxInWebForm');
      if (setting === undefined || isTrue(setting.value)) return [];
      return [{ messageId: 'enabled', data: { instance: instance.name, value: setting.value, source: setting.source }, instance: instance.name, file: setting.file, path: setting.path }];
    });
  },
});
