// Adobe, "Update Campaign interface after IMS migration"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/impact-ims-migration):
// from 7.4.1, shared/imsConfig/nonIMSOperatorMgmtInClientConsole@nonIMSOperatorMgmtInClientConsoleRestricted="true"
// removes native (non-IMS) operator management from the client console, the UI half of the
// lock-down whose API half is operators/native-api-enabled. Adobe documents no default: the
// restriction is on only once the attribute is set to true.
import { OAUTH_MIN_BUILD } from '../../data/builds.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { isTrue, readableInstances, settingOf } from '../setting.js';

const ELEMENT = 'serverconf/shared/imsConfig/nonIMSOperatorMgmtInClientConsole';
const ATTRIBUTE = 'nonIMSOperatorMgmtInClientConsoleRestricted';

export default defineRule({
  id: 'operators/console-management-open',
  meta: {
    category: 'hardening',
    severity: 'low',
    summary: 'The client console can still create and manage native (non-IMS) operators',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      absent: 'Instance {instance}: shared/imsConfig/nonIMSOperatorMgmtInClientConsole@nonIMSOperatorMgmtInClientConsoleRestricted is not set, so the console can still create native operators.',
      notTrue: 'Instance {instance}: shared/imsConfig/nonIMSOperatorMgmtInClientConsole@nonIMSOperatorMgmtInClientConsoleRestricted is "{value}" ({source}), so the console can still create native operators.',
    },
    tally: { unit: 'instance', one: '{count} instance that can still create native operators', other: '{count} instances that can still create native operators' },
    remediation:
      'Once operators sign in through IMS, set <nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="true"/> under shared/imsConfig and reload the configuration (hosted instances: ask Adobe).',
  },
  check: ({ host }) => {
    const build = host.version?.build ?? null;
    if (build === null || build < OAUTH_MIN_BUILD) return [];
    return readableInstances(host.instances).flatMap((instance): RuleHit<'absent' | 'notTrue'>[] => {
      const setting = settingOf(instance, ELEMENT, ATTRIBUTE);
      if (setting === undefined) return [{ messageId: 'absent', data: { instance: instance.name }, instance: instance.name, file: instance.file, path: `${ELEMENT}/@${ATTRIBUTE}` }];
      if (isTrue(setting.value)) return [];
      return [{ messageId: 'notTrue', data: { instance: instance.name, value: setting.value, source: setting.source }, instance: instance.name, file: setting.file, path: setting.path }];
    });
  },
});
