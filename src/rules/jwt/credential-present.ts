// docs/campaign.md#technical-account: a non-empty authIMSTAPrivateKey on serverconf/shared/ims is
// the JWT marker (setimsjwtauth writes the key; setimsoauth takes none).
// docs/rules/README.md#severities for the severities. The message says what is true at --as-of
// (docs/campaign.md#jwt-deadlines): before the cutoff, overdue
// after it, after Adobe's end of life (2025-06-30), after the hard stop (2026-03-01), when the
// key no longer works and the integrations that use it are broken until -setimsoauth is run.
import { JWT_END_OF_LIFE, JWT_HARD_STOP, jwtPhase, type JwtPhaseId } from '../../data/jwt-phase.js';
import { CLASSIC_ONLY, defineRule } from '../define.js';
import { locateAttribute } from '../locate.js';

const MIGRATE =
  'Upgrade every container of the instance to 7.4.1 or later, create an OAuth Server-to-Server credential, run `nlserver config -instance:<name> -setimsoauth:<org>/<client>/<ta>/$CLIENT_SECRET` as neolane on every container, `nlserver config -reload` and restart the modules, rescan, then remove authIMSTAPrivateKey and delete the JWT credential in Developer Console.';

const MESSAGE_BY_PHASE = { 'before-cutoff': 'beforeCutoff', overdue: 'afterCutoff', 'end-of-life': 'afterEndOfLife', stopped: 'afterHardStop' } as const satisfies Record<JwtPhaseId, string>;

export default defineRule({
  id: 'jwt/credential-present',
  meta: {
    category: 'migration',
    severity: 'high',
    severityNote: 'critical on or after the cutoff (or Adobe\'s hard stop, 2026-03-01); medium when the key is effective for no instance',
    summary: 'A Service Account (JWT) private key is still configured',
    products: CLASSIC_ONLY,
    requires: 'config',
    plan: 'jwt',
    messages: {
      beforeCutoff: 'Instance {instance} authenticates with a Service Account (JWT) private key set in {file}; migrate it to OAuth Server-to-Server before the cutoff {cutoff} ({days} days left).',
      afterCutoff: 'Instance {instance} still authenticates with a Service Account (JWT) private key set in {file}; the JWT cutoff {cutoff} passed {days} days ago, so the migration is overdue.',
      afterEndOfLife: `Instance {instance} still uses a Service Account (JWT) private key set in {file}; JWT credentials reached end of life on ${JWT_END_OF_LIFE} and stop working when their certificate expires, at the latest on ${JWT_HARD_STOP} (in {stopDays} days); the cutoff {cutoff} passed {days} days ago.`,
      afterHardStop: `Instance {instance} is configured with a Service Account (JWT) private key in {file}, which no longer works since ${JWT_HARD_STOP} ({stopDays} days ago): the integrations that use it (Triggers, Analytics, Experience Cloud services) are broken until OAuth Server-to-Server is set with -setimsoauth.`,
      stranded: 'A Service Account (JWT) private key is set in {file} but is not effective for any instance ({why}); remove it.',
    },
    tally: { unit: 'instance', one: '{count} instance on JWT', other: '{count} instances on JWT' },
    remediation: MIGRATE,
    remediations: {
      afterHardStop: `Urgent: the JWT key stopped working on ${JWT_HARD_STOP}. ${MIGRATE}`,
      stranded: 'Back up the file, remove the authIMSTAPrivateKey attribute from it (on every server of the instance), then `nlserver config -reload`. No migration is needed for this key: no instance uses it.',
    },
  },
  check: ({ host, policy, asOf, isCutoffPassed, daysSinceCutoff }) => {
    const { effective, stranded } = locateAttribute(host, policy.signatures.imsElement, policy.signatures.privateKey);
    const phase = jwtPhase(asOf, policy.cutoff);
    const messageId = MESSAGE_BY_PHASE[phase.id];
    const phaseData: Record<string, number> = phase.id === 'end-of-life' || phase.id === 'stopped' ? { stopDays: Math.abs(phase.daysToHardStop) } : {};
    // A stranded key in config-default.xml: that file is read by the multi-instance modules only (docs/campaign.md#configuration-files).
    return [
      ...effective.map((hit) => ({
        messageId,
        severity: isCutoffPassed || phase.id === 'stopped' ? ('critical' as const) : ('high' as const),
        data: { instance: hit.instance ?? '', file: hit.file, cutoff: policy.cutoff, days: Math.abs(daysSinceCutoff), ...phaseData },
        instance: hit.instance,
        file: hit.file,
        path: hit.path,
      })),
      ...stranded.map((hit) => ({
        messageId: 'stranded' as const,
        severity: 'medium' as const,
        data: { file: hit.file, why: hit.file.endsWith('/config-default.xml') ? 'config-default.xml is read only by multi-instance modules such as web' : 'overridden in every instance file' },
        file: hit.file,
        path: hit.path,
      })),
    ];
  },
});
