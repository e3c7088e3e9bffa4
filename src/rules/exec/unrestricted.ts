// Adobe, "Get started with Campaign server configuration", Restrict authorized external commands
// (https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/additional-configurations/configuring-campaign-server#restricting-authorized-external-commands):
// from build 8780, exec@blacklistFile names a file of commands execCommand may not run, and on
// Linux exec@user runs external commands as a dedicated user; with neither, commands run as the
// Campaign user with only the built-in denylist. Hosted instances get this from Adobe.
import type { InstanceFacts } from '../../model.js';
import { CLASSIC_ONLY, defineRule, type RuleHit } from '../define.js';
import { readableInstances, settingOf, type Setting } from '../setting.js';

/** Where "The server configuration file" lists exec (a shared parameter), then where the configuring page's example puts it. */
const ELEMENTS = ['serverconf/shared/exec', 'serverconf/exec'] as const;

/** An exec attribute set to something other than blanks, wherever the instance sets it. */
function execSetting(instance: InstanceFacts, attribute: string): Setting | undefined {
  for (const element of ELEMENTS) {
    const setting = settingOf(instance, element, attribute);
    if (setting !== undefined && setting.value.trim() !== '') return setting;
  }
  return undefined;
}

export default defineRule({
  id: 'exec/unrestricted',
  meta: {
    category: 'hardening',
    severity: 'medium',
    severityNote: 'medium when neither exec@user nor exec@blacklistFile is set; low when one of them is',
    summary: 'External commands are not restricted (exec@user and exec@blacklistFile)',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'none',
    messages: {
      unrestricted: 'Instance {instance}: shared/exec sets neither user nor blacklistFile, so external commands run as the Campaign user with only the built-in denylist.',
      noDenylist: 'Instance {instance}: shared/exec@user is "{user}" ({source}) but blacklistFile is not set: no commands are denied beyond the built-in list.',
      noUser: 'Instance {instance}: shared/exec@blacklistFile is "{blacklistFile}" ({source}) but user is not set: external commands run as the Campaign user (Linux).',
    },
    tally: { unit: 'instance', one: '{count} instance with unrestricted external commands', other: '{count} instances with unrestricted external commands' },
    remediation:
      'Create a file listing the commands to deny (Adobe\'s example: ln, dd, openssl, curl, wget, python, python3, perl, ruby, sh) and set <exec user="…" blacklistFile="/path/to/file"/> under shared, with a dedicated Unix user that the Campaign user may sudo to (standard sudo), then reload the configuration.',
  },
  check: ({ host }) =>
    readableInstances(host.instances).flatMap((instance): RuleHit<'unrestricted' | 'noDenylist' | 'noUser'>[] => {
      const user = execSetting(instance, 'user');
      const denylist = execSetting(instance, 'blacklistFile');
      if (user !== undefined && denylist !== undefined) return [];
      if (user !== undefined) return [{ messageId: 'noDenylist', severity: 'low', data: { instance: instance.name, user: user.value, source: user.source }, instance: instance.name, file: user.file, path: `${ELEMENTS[0]}/@blacklistFile` }];
      if (denylist !== undefined) return [{ messageId: 'noUser', severity: 'low', data: { instance: instance.name, blacklistFile: denylist.value, source: denylist.source }, instance: instance.name, file: denylist.file, path: `${ELEMENTS[0]}/@user` }];
      return [{ messageId: 'unrestricted', data: { instance: instance.name }, instance: instance.name, file: instance.file, path: ELEMENTS[0] }];
    }),
});
