// Snapshot → HostFacts: parse every config file, compute each instance's effective
// configuration and credential class, read the version. Pure and synchronous.
import { OAUTH_MIN_BUILD } from '../data/builds.js';
import type { BuildTable } from '../data/builds.js';
import type { Fingerprinter } from '../engine/fingerprint.js';
import type { AccountIds, ConfigFile, Credential, EffectiveConfig, HostFacts, InstanceFacts, PdumpProblem, Signatures, Snapshot } from '../model.js';
import { flattenConfig, getValue, isSet, overlayConfigs } from './effective-config.js';
import { hasServerLine, parseVersion } from './version.js';
import { parseXml, type ParsedDocuments } from './xml.js';

/** What facts are read with: the policy's signatures and build table, and the fingerprint form. */
export interface FactsContext {
  signatures: Signatures;
  builds: BuildTable;
  /** Tells a fingerprinted value, never copied into a report as an identifier. */
  fingerprints: Pick<Fingerprinter, 'isFingerprint'>;
}

/** @param documents the host's parse results from the collector (each distinct text is parsed once). */
export function buildFacts(snapshot: Snapshot, { signatures, builds, fingerprints }: FactsContext, documents?: ParsedDocuments): HostFacts {
  const files = snapshot.files.map((file) => parseConfigFile(file, documents));
  // The banner is read whatever happened to conf/ (docs/campaign.md#version-banner): a host with an
  // empty or unreadable conf/ still has a build, and build rules judge it.
  const version = parseVersion(snapshot.pdump, builds);
  const build = version?.build ?? null;
  const serverConf = files.find((file) => file.instance === null);
  const base = serverConf?.root ? [serverConf.config] : [];

  const instances: InstanceFacts[] = files
    .filter((file) => file.instance !== null && file.instance !== 'default')
    .map((file) => {
      const layers = file.root ? [...base, file.config] : base;
      const config = overlayConfigs(layers);
      let credential = classifyCredential(config, build, signatures);
      // A class computed without one of its files is a guess, except JWT: a private key that
      // is set stays set, whatever the missing file holds.
      const isPartial = file.root === null || (serverConf !== undefined && serverConf.root === null);
      if (isPartial && credential !== 'jwt') credential = 'unknown';
      return { name: file.instance as string, file: file.path, credential, config, ...readAccountIds(config, signatures, fingerprints) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const pdump = pdumpProblem(snapshot, version);
  return {
    name: snapshot.host.name,
    address: snapshot.host.address,
    tags: snapshot.host.tags,
    status: snapshot.status,
    ...(snapshot.error !== undefined ? { error: snapshot.error } : {}),
    version,
    ...(pdump !== undefined ? { pdumpError: pdump.reason } : {}),
    ...(pdump?.problem !== undefined ? { pdumpProblem: pdump.problem } : {}),
    // Only a scan on the host itself knows where Campaign is there; a --dir folder is not it.
    ...(snapshot.transport === 'ssh' || snapshot.transport === 'local' ? { installDir: snapshot.installDir } : {}),
    files,
    instances,
  };
}

/**
 * Why no version came out of pdump: the collector's reason, or the kind of output pdump gave
 * instead, with its code when a rule tells that kind apart. The output itself is never quoted:
 * it is whatever the file or command held (a pdump.txt could be anything), and a report must not
 * carry it.
 */
function pdumpProblem(snapshot: Snapshot, version: HostFacts['version']): { reason: string; problem?: PdumpProblem } | undefined {
  if (snapshot.pdumpError !== undefined) return { reason: snapshot.pdumpError };
  if (version !== null || snapshot.pdump === null) return undefined;
  const text = snapshot.pdump.trim();
  if (text === '') return { reason: 'nlserver pdump printed nothing' };
  // Adobe's documented template ("7.X YY.R build XXX@SHA1") or a banner with its numbers redacted.
  if (hasServerLine(text)) return { reason: 'nlserver pdump printed the version banner, but with neither a version nor a build number', problem: 'banner-without-numbers' };
  // nlserver's own answer on Linux when no Campaign process runs (docs/campaign.md#version-banner): a fixed text, not the file's.
  if (text === 'no task') return { reason: 'nlserver pdump printed only "no task", without the version banner' };
  if ([...text].some((char) => (char < '\t' || (char > '\r' && char < ' ')))) return { reason: `nlserver pdump printed no version banner but ${text.length.toLocaleString('en-US')} characters of binary data` };
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '').length;
  return { reason: `nlserver pdump printed no version banner but ${lines === 1 ? '1 line' : `${lines.toLocaleString('en-US')} lines`} of other text` };
}

function parseConfigFile(file: Snapshot['files'][number], documents: ParsedDocuments | undefined): ConfigFile {
  const instance = instanceOf(file.path);
  if (file.content === undefined) {
    return { path: file.path, instance, root: null, config: new Map(), error: file.error ?? 'no content' };
  }
  const result = documents ? documents.parse(file.content) : parseXml(file.content);
  return result.ok
    ? { path: file.path, instance, root: result.root, config: flattenConfig(result.root, file.path) }
    : { path: file.path, instance, root: null, config: new Map(), error: result.error };
}

/** `conf/config-prod.xml` → `prod`; `conf/serverConf.xml` → null. */
export function instanceOf(path: string): string | null {
  const match = /(?:^|\/)config-(.+)\.xml$/s.exec(path);
  return match?.[1] ?? null;
}

/**
 * Credential class of an instance (docs/rules/README.md#credential-classes). A non-empty
 * authIMSTAPrivateKey is the JWT marker: setimsoauth takes no key
 * (docs/campaign.md#technical-account). OAuth needs client id, secret and technical
 * account id, and a build that supports it (7.4.1, build 9383) or an unknown one.
 */
export function classifyCredential(config: EffectiveConfig, build: number | null, signatures: Signatures): Credential {
  const get = (attribute: string): boolean => isSet(getValue(config, signatures.imsElement, attribute));
  if (get(signatures.privateKey)) return 'jwt';
  const hasOAuthTriple = get(signatures.clientId) && get(signatures.clientSecret) && get(signatures.technicalAccountId);
  if (hasOAuthTriple && (build === null || build >= OAUTH_MIN_BUILD)) return 'oauth';
  const anySet = [signatures.clientId, signatures.clientSecret, signatures.technicalAccountId].some(get);
  return anySet ? 'incomplete' : 'none';
}

/**
 * Non-secret identifiers the plan can prefill. The Org ID's place for setims* is undocumented
 * (an assumption, docs/campaign.md#technical-account): an ims attribute naming an org, else
 * web/redirection@IMSOrgId.
 */
function readAccountIds(config: EffectiveConfig, signatures: Signatures, fingerprints: FactsContext['fingerprints']): AccountIds {
  const ids: AccountIds = {};
  const value = (element: string, attribute: string): string | undefined => {
    const found = getValue(config, element, attribute);
    return isSet(found) && !isSecretLooking(found.value, fingerprints) ? found.value.trim() : undefined;
  };
  const clientId = value(signatures.imsElement, signatures.clientId);
  const technicalAccountId = value(signatures.imsElement, signatures.technicalAccountId);
  const imsOrgAttribute = [...(config.get(signatures.imsElement)?.keys() ?? [])].find((name) => /org/i.test(name));
  const orgId = (imsOrgAttribute ? value(signatures.imsElement, imsOrgAttribute) : undefined) ?? value('serverconf/web/redirection', 'IMSOrgId');
  if (clientId) ids.clientId = clientId;
  if (technicalAccountId) ids.technicalAccountId = technicalAccountId;
  if (orgId) ids.orgId = orgId;
  return ids;
}

/** An encrypted or fingerprinted value is never copied into a report as an identifier. */
function isSecretLooking(value: string, fingerprints: FactsContext['fingerprints']): boolean {
  return value.startsWith('@') || fingerprints.isFingerprint(value.trim());
}
