// The plain, serializable types that flow through the pipeline (docs/architecture.md#pipeline):
// targets → collect → Snapshot → parse → HostFacts → evaluate → ScanResult → report.
import type { BuildData, BuildTable } from './data/build-types.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Findings by severity, as `summary.findings` of the JSON report holds them. */
export type SeverityCounts = Record<Severity, number>;

/** Per-host collection status (contract, docs/ssh.md#statuses-and-exit-codes). */
// host-key-unknown came after 1.0: added at the end, so older reports still read (additive, docs/reports.md).
export const HOST_STATUSES = ['ok', 'unreachable', 'timeout', 'auth-failed', 'host-key-mismatch', 'error', 'host-key-unknown'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export type TransportKind = 'ssh' | 'local' | 'dir' | 'evidence';

/** What to do with a host key known_hosts does not list (--host-key-policy); a changed key is always refused. */
export const HOST_KEY_POLICIES = ['strict', 'accept-new'] as const;
export type HostKeyPolicy = (typeof HOST_KEY_POLICIES)[number];

/** Credential class of an instance (contract, docs/rules/README.md#credential-classes), plus `unknown` when a file it depends on could not be read. */
export const CREDENTIALS = ['jwt', 'oauth', 'incomplete', 'none', 'unknown'] as const;
export type Credential = (typeof CREDENTIALS)[number];

export type Product = 'v7' | 'v8';

/**
 * Rule ids (contract, docs/architecture.md#rules): public, never renamed (deprecate instead).
 * Declared here, below every layer that names one, so that findings, policy, waivers and the plan
 * are typed by them without importing the rules; src/rules/index.ts must register exactly these,
 * which the compiler checks in both directions (a rule whose id is not listed does not compile, nor
 * does a listed id without a rule).
 */
export const RULE_IDS = [
  'build/below-minimum',
  'build/not-in-table',
  'build/security-fix-missing',
  'build/unknown',
  'config/unreadable',
  'exec/unrestricted',
  'fleet/instance-drift',
  'jwt/credential-present',
  'jwt/legacy-pipelined-auth',
  'mta/tls-disabled',
  'oauth/incomplete',
  'operators/console-management-open',
  'operators/native-api-enabled',
  'product/v8',
  'secrets/plaintext',
  'sessions/ip-not-checked',
  'sessions/timeout-long',
  'uploads/allowlist-open',
  'urls/permission-not-blocking',
  'web/webform-ctx-enabled',
  'zones/proxy-spoofable',
  'zones/public-rights',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}

/**
 * What a rule is about, whatever folder its id names (docs/rules/README.md): each category has
 * its own line in every verdict and its own gate.
 */
export const RULE_CATEGORIES = ['migration', 'security', 'hardening'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * The categories a scan runs when neither --checks nor anything else chooses (docs/reports.md#categories).
 * `hardening` is opt-in: Adobe's hardening checklist judges choices a fleet may have made on
 * purpose, so a default run only says in one line that it exists and how to run it. A saved
 * report without `policy.checks` ran these (reports written before `hardening` existed too).
 */
export const DEFAULT_CHECKS = ['migration', 'security'] as const satisfies readonly RuleCategory[];

/** A gate threshold: the least severity that fails, or `none` for no gate. */
export type FailOn = Severity | 'none';

/** The values a rule's message placeholders are filled from; kept in findings as `data`. */
export type MessageData = Record<string, string | number>;

/** One host to audit, after inventory/ssh_config resolution. */
export interface HostTarget {
  /** Label used in reports. */
  name: string;
  /** Where to connect (hostname or IP); for offline transports, the folder. */
  address: string;
  port?: number;
  user?: string;
  tags: string[];
  installDir: string;
  identityFile?: string;
  /** More key files to try after `identityFile` (ssh_config IdentityFile lines), in order. */
  identityFiles?: string[];
  /** Name of an environment variable holding the key passphrase. */
  passphraseEnv?: string;
  /** The jump host(s) as given (`[user@]host[:port]`, comma-separated for a chain). */
  jump?: string;
  /** `jump`, resolved through ssh_config: the hops to go through, first hop first. */
  jumpHops?: JumpHop[];
  become?: string;
  /** How an SSH target is reached, as the report records it (set where known_hosts is known: cli/ssh-source.ts). */
  route?: HostRoute;
}

/**
 * How the scan reached a host over SSH (JSON extension of schemaVersion 1): what the plan's
 * runners (the sh script, the Ansible inventory) rebuild, so that they touch the host the scan
 * read and no other. Paths and names only: never a secret, a passphrase or a key's content.
 * Absent for --dir, --local and --evidence hosts (docs/reports.md#migration-plan).
 */
export interface HostRoute {
  /** The resolved address (ssh_config HostName applied) and port, as connected to. */
  address: string;
  port: number;
  user: string;
  /** The jump hosts (ProxyJump), first hop first; absent when the host was reached directly. */
  jump?: RouteHop[];
  /** The user commands ran as (`sudo -n -u`), when --become was used. */
  become?: string;
  /** Key files offered, in order (paths, never their content); ssh-agent and the default keys come after. */
  identityFiles?: string[];
  /** The known_hosts files the host key was checked against, first one first. */
  knownHosts: string[];
  /** --host-key-policy of the scan; a runner always checks strictly (accept-new recorded the key). */
  hostKeyPolicy: HostKeyPolicy;
}

/** One jump host of a route. */
export interface RouteHop {
  address: string;
  port: number;
  user: string;
  identityFiles?: string[];
}

/**
 * What the scan read, as the options that select it (JSON extension): a rescan repeats them to
 * keep host names, hence fingerprints, waivers and baselines. Paths as the user gave them.
 */
export interface ScanSource {
  kind: 'ssh' | 'local' | 'dir' | 'evidence';
  /** The source options in command-line form, e.g. `["--inventory", "hosts.yaml", "--tag", "prod"]`. */
  options: string[];
}

/** One jump host (ProxyJump hop), resolved. Its host key is checked under its own name. */
export interface JumpHop {
  /** As written, for messages. */
  label: string;
  address: string;
  port: number;
  user: string;
  identityFiles: string[];
  passphraseEnv?: string;
}

/** A configuration file as collected: redacted text, or why there is none. */
export interface SnapshotFile {
  /** Path relative to the install dir, e.g. `conf/config-prod.xml`. */
  path: string;
  /** Size in bytes on the server, when known. */
  size: number | null;
  /** Redacted text (secret attribute values replaced by fingerprints); only for well-formed XML. */
  content?: string;
  /** Why there is no content, in words: too large, permission denied, malformed XML: …, DOCTYPE… */
  error?: string;
}

/** What `collect` produces for one host. Secrets are redacted before it exists. */
export interface Snapshot {
  schemaVersion: 1;
  host: { name: string; address: string; tags: string[] };
  transport: TransportKind;
  collectedAt: string;
  status: HostStatus;
  error?: string;
  installDir: string;
  /** Names found in `conf/` (not only the XML files read). */
  confListing: string[];
  files: SnapshotFile[];
  /** First lines of `nlserver pdump` output, or null when it could not be run. */
  pdump: string | null;
  pdumpError?: string;
  /** In an evidence file: the id of the key its secret values were fingerprinted under (src/engine/fingerprint.ts). */
  fingerprintKeyId?: string;
}

/** One attribute value of the effective configuration, with where it came from. */
export interface ConfigValue {
  value: string;
  /** The file that set the value, e.g. `conf/config-prod.xml`. */
  file: string;
  /** Element path in that file, e.g. `serverconf/shared/ims`. */
  element: string;
}

/**
 * Effective configuration: element path → attribute name → value with provenance. Read-only:
 * an instance's view shares serverConf.xml's maps with every other instance (overlayConfigs).
 */
export type EffectiveConfig = ReadonlyMap<string, ReadonlyMap<string, ConfigValue>>;

/** A parsed XML element, attributes kept as strings. Read-only: one tree may serve several hosts of a scan (ParsedDocuments). */
export interface XmlElement {
  readonly name: string;
  /** Stable path, e.g. `serverconf/shared/dataStore/dataSource[@name="default"]/dbcnx`. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
}

export interface ConfigFile {
  path: string;
  /** Instance name for `config-<name>.xml`, `default` for config-default.xml, null for serverConf.xml. */
  instance: string | null;
  root: XmlElement | null;
  /** The file's own attributes by element path (no overlay), computed once for the rules. */
  config: EffectiveConfig;
  /** Why the file could not be used (malformed, too large, DOCTYPE, unreadable). */
  error?: string;
}

export interface VersionInfo {
  product: Product;
  /** Version as printed (e.g. `7.3.5`, `20.2.3`, `8.6.1`), or derived from the build table. */
  version: string | null;
  build: number | null;
  /** Gold Standard / build SHA (`9032@554dbcd`). */
  sha: string | null;
  /** The line the version was read from. */
  line: string;
}

/** Non-secret technical-account identifiers, read from the effective configuration to prefill the plan. */
export interface AccountIds {
  clientId?: string;
  technicalAccountId?: string;
  orgId?: string;
}

export interface InstanceFacts extends AccountIds {
  name: string;
  file: string;
  credential: Credential;
  config: EffectiveConfig;
}

/**
 * A pdump reason a rule tells apart from the others (HostFacts.pdumpProblem): the banner was
 * printed, but with neither a version nor a build number.
 */
export type PdumpProblem = 'banner-without-numbers';

export interface HostFacts {
  name: string;
  address: string;
  tags: string[];
  status: HostStatus;
  error?: string;
  version: VersionInfo | null;
  /** Why nlserver pdump gave nothing usable, when it did not. */
  pdumpError?: string;
  /** Which of those reasons it is, when a rule tells it apart: rules test this, never pdumpError's wording. */
  pdumpProblem?: PdumpProblem;
  /** Where Campaign is installed on the host, when the scan ran there (SSH, --local): the plan sources its env.sh. */
  installDir?: string;
  files: ConfigFile[];
  instances: InstanceFacts[];
}

/**
 * What a scan keeps of a host once its findings are known: what the reports and the fleet
 * rules read, never its files or effective configuration. A scan streams hosts through the
 * rules and keeps only this (and the host's findings), so its memory does not grow with the
 * size of each host's files. HostFacts is one, structurally.
 */
export interface HostSummary {
  name: string;
  address: string;
  tags: string[];
  status: HostStatus;
  error?: string;
  version: Omit<VersionInfo, 'line'> | null;
  pdumpError?: string;
  installDir?: string;
  instances: InstanceSummary[];
}

/** An instance as the reports and fleet rules see it: no effective configuration. */
export interface InstanceSummary extends AccountIds {
  name: string;
  file: string;
  credential: Credential;
}

/** The thresholds and signatures a scan is judged by (docs/rules/README.md#overriding-severities: overridable by --policy). */
export interface Policy {
  cutoff: string;
  minVersion: string;
  minBuild: number;
  failOn: FailOn;
  /** Categories whose rules run (--checks, docs/reports.md#categories); DEFAULT_CHECKS by default. */
  checks: readonly RuleCategory[];
  /** A category's own gate, instead of failOn (the policy file's `categories:`). */
  categories: CategoryPolicies;
  /** Findings at or above it gate even when the --baseline report has them; `none`: the baseline accepts any. */
  alwaysGate: FailOn;
  severityOverrides: Partial<Record<RuleId, Severity>>;
  /** Rules the policy turned off (`severities: { <id>: off }`), sorted: they do not run. */
  rulesOff: readonly RuleId[];
  /** Thresholds of the hardening rules (the policy file's `hardening:`). */
  hardening: HardeningPolicy;
  signatures: Signatures;
  /** The build data in use: the shipped table plus rows from the policy's `builds:` and --builds. */
  builds: BuildTable;
}

/** Thresholds of the hardening rules, as the policy file's `hardening:` sets them (docs/reports.md#categories). */
export interface HardeningPolicy {
  /** sessions/timeout-long reports a session timeout above this many seconds; default 86400, Adobe's own default. */
  sessionTimeoutSec: number;
  /** Networks (CIDR) a security zone may open besides the private, loopback and link-local ranges (docs/rules/zones/public-rights.md). */
  allowedNetworks: string[];
}

/** What the policy file sets per category. */
export type CategoryPolicies = Partial<Record<RuleCategory, { failOn: FailOn }>>;

export interface SecretAttribute {
  /** Element local name (`ims`, `pipelined`, `dbcnx`). */
  element: string;
  attribute: string;
}

export interface Signatures {
  /** Technical-account attributes on serverconf/shared/ims. */
  imsElement: string;
  clientId: string;
  clientSecret: string;
  technicalAccountId: string;
  privateKey: string;
  secrets: SecretAttribute[];
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  host: string;
  instance: string | null;
  file: string | null;
  path: string | null;
  message: string;
  /**
   * The rule's message id and the values it was filled with (JSON extension of schemaVersion 1):
   * what a program or a test reads instead of the prose. Always written by this version; reports
   * written before it have neither.
   */
  messageId?: string;
  data?: MessageData;
  /**
   * Every host the finding concerns, sorted, when it spans several (JSON extension): the hosts of
   * the instance for fleet/instance-drift. `host` is then the first of them by name, which keeps
   * the fingerprint stable; every format shows them all (docs/reports.md#findings-on-an-instance).
   */
  hosts?: string[];
  fingerprint: string;
  waived: boolean;
  waiverReason?: string;
  /** Present when a --baseline was given: true when the old report already had this finding. */
  baseline?: boolean;
}

/** A waiver as listed in a report (docs/reports.md#waivers). */
export interface WaiverEntry {
  fingerprint?: string;
  ruleId?: RuleId;
  host?: string;
  instance?: string;
  reason: string;
  expires: string;
  /** Findings it matches. */
  matched?: number;
}

export interface HostReport {
  name: string;
  address: string;
  status: HostStatus;
  error?: string;
  product: Product | null;
  version: string | null;
  build: number | null;
  /** Build SHA when printed (`9032@d3b452f`): tells Gold Standard builds apart. */
  sha?: string | null;
  tags?: string[];
  /** Campaign's install dir on the host, for SSH and --local scans (JSON extension): the plan sources its env.sh. */
  installDir?: string;
  /** How the scan reached the host over SSH; absent for --dir, --local and --evidence hosts. */
  route?: HostRoute;
  instances: InstanceReport[];
}

export interface InstanceReport extends AccountIds {
  name: string;
  credential: Credential;
  file: string;
}

export type Verdict = 'pass' | 'fail' | 'incomplete';

/** A category's verdict: `not-checked` when --checks left it out. */
export type CategoryVerdict = Verdict | 'not-checked';

/** One category's line of the verdict (docs/reports.md#categories). */
export interface CategorySummary {
  verdict: CategoryVerdict;
  /** Its rules ran (--checks). */
  checked: boolean;
  failOn: FailOn;
  /** Its unwaived findings by severity. */
  findings: Record<Severity, number>;
  gating: number;
  /** "Migration: FAIL — 3 instances on JWT". */
  text: string;
}

/** The JSON report (contract, docs/reports.md#json--f-json, schemaVersion 1). */
export interface ScanResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string;
  asOf: string;
  policy: {
    cutoff: string;
    minVersion: string;
    minBuild: number;
    failOn: FailOn;
    /** The categories that ran, when not DEFAULT_CHECKS (absent: migration and security). */
    checks?: RuleCategory[];
    /** Rules the policy turned off (absent: none). */
    rulesOff?: RuleId[];
    /** The hardening thresholds, when hardening rules ran. */
    hardening?: HardeningPolicy;
    /** Categories with their own gate (absent: none). */
    categories?: CategoryPolicies;
    /** The policy's alwaysGate, when not `none`. */
    alwaysGate?: Severity;
  };
  summary: {
    hosts: number;
    scanned: number;
    notScanned: number;
    findings: SeverityCounts;
    /** Findings left out of the counts above because a waiver covers them. */
    waived: number;
    /** Findings already in the --baseline report: counted above, but they do not gate. */
    baselined?: number;
    /** The --baseline report: its file name (no directory), its generatedAt, and how many findings it accepts (= baselined). */
    baseline?: { file: string; generatedAt: string; accepted: number };
    /** Findings that fail the gate: unwaived, not accepted by the baseline, at or above their category's gate. */
    gating?: number;
    verdict: Verdict;
    /** One verdict per category (JSON extension; always written by this version). */
    categories?: Record<RuleCategory, CategorySummary>;
    /** The build data is older than 30 days at asOf (JSON extension; absent when it is not). */
    staleBuildData?: { checkedAt: string; days: number; text: string };
  };
  hosts: HostReport[];
  findings: Finding[];
  /** Present when --waivers was given. */
  waivers?: { applied: WaiverEntry[]; expired: WaiverEntry[]; unmatched: WaiverEntry[] };
  /** The build data the scan was judged by (absent from reports of older versions). */
  buildData?: BuildDataSummary;
  /** The scan's source options (absent from reports of older versions and of the programmatic API). */
  source?: ScanSource;
  /**
   * How the secret values in this report were fingerprinted: HMAC-SHA256 under the key named by
   * keyId (docs/security.md, "Fingerprint key"). Two reports' fingerprints compare only when
   * their keyId is the same. Absent from reports of older versions (a plain SHA-256).
   */
  fingerprints?: FingerprintInfo;
}

export interface FingerprintInfo {
  scheme: 'hmac-sha256';
  keyId: string;
}

export interface BuildDataSummary {
  /** The day the build data was last checked against Adobe's pages. */
  checkedAt: string;
  /** Build rows in use. */
  rows: number;
  /** Of those, rows from --builds files or the policy's `builds:` key. */
  extraRows: number;
  /** Those files. */
  files: string[];
  /**
   * The rows and bulletins those files added or replaced (JSON extension; absent when none):
   * commands that read the report later (plan, convert) judge and label builds by the same
   * table, the shipped data with these put back (inputs/report-file.ts reportBuildTable).
   */
  added?: Omit<BuildData, 'checkedAt'>;
}
