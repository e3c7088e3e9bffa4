// Default thresholds and detection signatures (docs/rules/README.md#overriding-severities). They
// are data so that `--policy` can override them: Adobe does not document the exact XML that
// setims*auth writes (docs/campaign.md#what-is-not-documented).
import compareVersions from 'semver/functions/compare.js';
import validVersion from 'semver/functions/valid.js';
import { lookupBuild, minimumBuildFor, OAUTH_MIN_BUILD, type BuildTable } from '../data/builds.js';
import { DEFAULT_CHECKS, RULE_CATEGORIES, type CategoryPolicies, type FailOn, type HardeningPolicy, type Policy, type RuleCategory, type RuleId, type SecretAttribute, type Severity, type Signatures } from '../model.js';

/** The JWT cutoff Adobe's technical-account page gave until 2025-04-15 (docs/campaign.md#jwt-deadlines). */
export const DEFAULT_CUTOFF = '2025-01-27';
export const DEFAULT_MIN_VERSION = '7.4.1';
/** Where Campaign Classic v7 is installed on Linux unless --install-dir or the inventory says otherwise (docs/campaign.md#configuration-files). */
export const DEFAULT_INSTALL_DIR = '/usr/local/neolane/nl6';
/**
 * sessions/timeout-long's threshold unless the policy sets one: Adobe's documented default of
 * authentication@sessionTimeOutSec ("The server configuration file",
 * https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/appendices/the-server-configuration-file),
 * so that Adobe's default is a finding only where a fleet asks for less.
 */
export const DEFAULT_SESSION_TIMEOUT_SEC = 86400;

/** Adobe's later JWT timeline, shown beside the cutoff (docs/campaign.md#jwt-deadlines). */
export const JWT_TIMELINE: readonly { date: string; event: string }[] = [
  { date: '2024-06-03', event: 'No new Service Account (JWT) credentials can be created' },
  { date: '2025-01-27', event: "Original JWT cutoff on Adobe's Campaign Classic technical-account page" },
  { date: '2025-06-30', event: 'Service Account (JWT) credentials reach end of life' },
  { date: '2026-03-01', event: 'All JWT credentials stop working, whatever their certificate validity' },
];

// The citations sit here, at statement level, where the bundle drops comments (esbuild keeps those
// inside an object literal): docs/campaign.md#technical-account for the attributes of
// serverconf/shared/ims and, for `secrets`, the ones Adobe's table marks "encrypted in AES";
// docs/campaign.md#other-credentials for pipelined's authPrivateKey and the dbcnx password.
export const DEFAULT_SIGNATURES: Signatures = {
  imsElement: 'serverconf/shared/ims',
  clientId: 'authIMSTAClientId',
  clientSecret: 'authIMSTAClientSecret',
  technicalAccountId: 'authIMSTAId',
  privateKey: 'authIMSTAPrivateKey',
  secrets: [
    { element: 'ims', attribute: 'authIMSTAClientSecret' },
    { element: 'ims', attribute: 'authIMSTAPrivateKey' },
    { element: 'ims', attribute: 'authIMSClientSecret' },
    { element: 'ims', attribute: 'authIMSCode' },
    { element: 'pipelined', attribute: 'authPrivateKey' },
    { element: 'dbcnx', attribute: 'password' },
  ],
};

/**
 * What the collector redacts: the default secrets, whatever the policy adds, and the policy's
 * names for the technical-account secret and key. A policy may narrow what secrets/plaintext
 * reports, never what is redacted.
 */
export function redactedAttributes(policy: Policy): SecretAttribute[] {
  const { imsElement, privateKey, clientSecret, secrets } = policy.signatures;
  const element = imsElement.split('/').pop() ?? 'ims';
  return [...DEFAULT_SIGNATURES.secrets, ...secrets, { element, attribute: privateKey }, { element, attribute: clientSecret }];
}

/** The named signatures a policy may rename (the secrets list aside). */
export const SIGNATURE_NAMES = ['imsElement', 'clientId', 'clientSecret', 'technicalAccountId', 'privateKey'] as const satisfies readonly Exclude<keyof Signatures, 'secrets'>[];

/** The policy of a scan given nothing but its build table. */
export function defaultPolicy(builds: BuildTable): Policy {
  return resolvePolicy([], builds);
}

/** What one layer of settings (the policy file, the flags) says, before the build table is final. */
export interface PolicySettings {
  cutoff?: string;
  /**
   * The minimum release as the user wrote it ("7.4.2", "v7.4.2", a build number), resolved only
   * once every build row is merged: a policy may name a release that its own `builds:` adds.
   * `fail` makes the error for a release the table does not know, in its layer's words (the
   * policy file's line, or the flag).
   */
  minVersion?: { text: string; fail: (message: string) => Error };
  failOn?: FailOn;
  /** --checks: the categories whose rules run. */
  checks?: readonly RuleCategory[];
  /** Per-category gates; a category's own gate wins over failOn, whatever layer set which. */
  categories?: CategoryPolicies;
  alwaysGate?: FailOn;
  severityOverrides?: Partial<Record<RuleId, Severity>>;
  /** Rules turned off (`severities: { <id>: off }`). */
  rulesOff?: readonly RuleId[];
  hardening?: Partial<HardeningPolicy>;
  signatures?: { [Name in (typeof SIGNATURE_NAMES)[number]]?: string | undefined } & { secrets?: SecretAttribute[] | undefined };
}

/**
 * Defaults, then each layer in order (the policy file, then the flags): the most specific word
 * wins. `builds` is the table after every row is merged (shipped, the policy's `builds:`,
 * --builds), and the one the policy carries: rules, plan and reports all judge by it.
 */
export function resolvePolicy(layers: readonly PolicySettings[], builds: BuildTable): Policy {
  const policy: Policy = {
    cutoff: DEFAULT_CUTOFF,
    minVersion: DEFAULT_MIN_VERSION,
    // 7.4.1 is the release that brought OAuth; its build is known even to a table that lost the row.
    minBuild: minimumBuildFor(DEFAULT_MIN_VERSION, builds) ?? OAUTH_MIN_BUILD,
    failOn: 'high',
    checks: DEFAULT_CHECKS,
    categories: {},
    alwaysGate: 'none',
    severityOverrides: {},
    rulesOff: [],
    hardening: { sessionTimeoutSec: DEFAULT_SESSION_TIMEOUT_SEC, allowedNetworks: [] },
    signatures: structuredClone(DEFAULT_SIGNATURES),
    builds,
  };
  for (const layer of layers) {
    if (layer.cutoff !== undefined) policy.cutoff = layer.cutoff;
    if (layer.failOn !== undefined) policy.failOn = layer.failOn;
    if (layer.checks !== undefined) policy.checks = RULE_CATEGORIES.filter((category) => layer.checks?.includes(category));
    if (layer.categories !== undefined) policy.categories = { ...policy.categories, ...layer.categories };
    if (layer.alwaysGate !== undefined) policy.alwaysGate = layer.alwaysGate;
    if (layer.severityOverrides !== undefined) Object.assign(policy.severityOverrides, layer.severityOverrides);
    if (layer.rulesOff !== undefined) policy.rulesOff = [...new Set([...policy.rulesOff, ...layer.rulesOff])].sort();
    if (layer.hardening !== undefined) {
      const { sessionTimeoutSec, allowedNetworks } = layer.hardening;
      policy.hardening = { ...policy.hardening, ...(sessionTimeoutSec !== undefined ? { sessionTimeoutSec } : {}), ...(allowedNetworks !== undefined ? { allowedNetworks: [...allowedNetworks] } : {}) };
    }
    if (layer.signatures !== undefined) {
      const { secrets, ...names } = layer.signatures;
      for (const name of SIGNATURE_NAMES) {
        const value = names[name];
        if (value !== undefined) policy.signatures[name] = value;
      }
      if (secrets !== undefined) policy.signatures.secrets = secrets.map(({ element, attribute }) => ({ element, attribute }));
    }
    if (layer.minVersion !== undefined) {
      const { text, fail } = layer.minVersion;
      let resolved: MinVersion;
      try {
        resolved = resolveMinVersion(text, builds);
      } catch (error) {
        throw fail((error as Error).message);
      }
      policy.minVersion = resolved.minVersion;
      policy.minBuild = resolved.minBuild;
    }
  }
  return policy;
}

const ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function severityRank(severity: Severity): number {
  return ORDER[severity];
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return ORDER[severity] >= ORDER[threshold];
}

/** What decides whether a finding gates: a Policy, or the `policy` of a saved report. */
export interface GateSettings {
  failOn: FailOn;
  categories?: CategoryPolicies | undefined;
  alwaysGate?: FailOn | undefined;
}

/** The gate of a category: its own when the policy sets one, else failOn. */
export function failOnOf(gate: GateSettings, category: RuleCategory | undefined): FailOn {
  return (category !== undefined ? gate.categories?.[category]?.failOn : undefined) ?? gate.failOn;
}

/**
 * Whether an unwaived finding of `category` gates: at or above its category's gate, and not
 * accepted by the baseline, unless at or above alwaysGate (docs/reports.md#baseline).
 */
export function isGating(finding: { severity: Severity; waived: boolean; baseline?: boolean | undefined }, category: RuleCategory | undefined, gate: GateSettings): boolean {
  if (finding.waived) return false;
  const failOn = failOnOf(gate, category);
  if (failOn === 'none' || !isAtLeast(finding.severity, failOn)) return false;
  return finding.baseline !== true || isBaselineOverridden(finding.severity, gate);
}

/** A baselined finding at or above alwaysGate: the baseline does not accept it. */
export function isBaselineOverridden(severity: Severity, gate: GateSettings): boolean {
  return gate.alwaysGate !== undefined && gate.alwaysGate !== 'none' && isAtLeast(severity, gate.alwaysGate);
}

export interface MinVersion {
  minVersion: string;
  minBuild: number;
}

/**
 * A minimum release as the user writes it ("7.4.1", "v7.4.1" or a bare build number) → its
 * build from `table`; throws an Error whose message says what is expected.
 */
export function resolveMinVersion(value: string, table: BuildTable): MinVersion {
  const text = value.trim().replace(/^v/i, '');
  if (/^\d{4,6}$/.test(text)) {
    const build = Number.parseInt(text, 10);
    return { minVersion: lookupBuild(build, null, table)?.version ?? `build ${build}`, minBuild: build };
  }
  const build = minimumBuildFor(text, table);
  if (build === null) {
    // semver orders the v7 releases named in the message (the table lists builds newest first).
    // It is not used to compare a host's version with the minimum: builds order releases across
    // lines, where "20.2.3" is older than "7.4.1" (docs/campaign.md); nor to validate the value,
    // since the table also has two-part releases ("20.1") that semver would reject.
    const releases = [...new Set(table.rows.map((row) => row.version))].filter((version) => version.startsWith('7.') && validVersion(version) !== null);
    const known = releases.sort(compareVersions).join(', ');
    throw new Error(`"${value}" is not in the build table; use a known v7 version (${known}) or a build number.`);
  }
  return { minVersion: text, minBuild: build };
}
