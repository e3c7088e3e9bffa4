// docs/campaign.md#technical-operators, after Adobe's "Update Campaign interface after IMS migration"
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/technotes/ims/impact-ims-migration):
// from 7.4.1, serverconf/shared/imsConfig/nonIMSAuthnAPI@disableAPI="true" blocks API calls by native
// (non-IMS) operators; until it is set, legacy technical operators can still authenticate.
import { OAUTH_MIN_BUILD } from '../../data/builds.js';
import { attributePath, getValue } from '../../parse/effective-config.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';

const ELEMENT = 'serverconf/shared/imsConfig/nonIMSAuthnAPI';
const ATTRIBUTE = 'disableAPI';

export default defineRule({
  id: 'operators/native-api-enabled',
  meta: {
    category: 'security',
    severity: 'medium',
    summary: 'Native (non-IMS) operators can still call the APIs',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      absent: 'Instance {instance}: shared/imsConfig/nonIMSAuthnAPI@disableAPI is not set, so native operators can still call the APIs.',
      notTrue: 'Instance {instance}: shared/imsConfig/nonIMSAuthnAPI@disableAPI is "{value}" (set in {file}), so native operators can still call the APIs.',
    },
    tally: { unit: 'instance', one: '{count} instance open to native operators', other: '{count} instances open to native operators' },
    remediation:
      'Once API callers use IMS technical accounts, set <nonIMSAuthnAPI disableAPI="true"> under shared/imsConfig (keeping the default allowOperator entries) and reload the configuration.',
  },
  check: ({ host }) => {
    const build = host.version?.build ?? null;
    if (build === null || build < OAUTH_MIN_BUILD) return [];
    return host.instances.flatMap((instance): RuleHit<'absent' | 'notTrue'>[] => {
      if (instance.credential === 'unknown') return [];
      const value = getValue(instance.config, ELEMENT, ATTRIBUTE);
      if (value?.value.trim() === 'true') return [];
      const path = attributePath(ELEMENT, ATTRIBUTE);
      return value === undefined
        ? [{ messageId: 'absent', data: { instance: instance.name }, instance: instance.name, file: instance.file, path }]
        : [{ messageId: 'notTrue', data: { instance: instance.name, value: value.value, file: value.file }, instance: instance.name, file: value.file, path }];
    });
  },
});
