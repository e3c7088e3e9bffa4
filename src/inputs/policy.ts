// The policy of a run, from every place the user can set it: the shipped build data, the policy
// file's `builds:` rows, a --builds file, then the settings (defaults, the policy file, the
// flags). One order for every command that judges or labels builds (scan, demo, builds).
import type { BuildTable } from '../data/builds.js';
import { resolvePolicy, type PolicySettings } from '../engine/policy.js';
import type { Policy } from '../model.js';
import { loadBuildsFile } from './builds-file.js';
import { readPolicyFile } from './policy-file.js';

export interface PolicySources {
  /** --policy FILE. */
  policyFile?: string | undefined;
  /** --builds FILE. */
  buildsFile?: string | undefined;
  /** The flags' settings: the most specific layer. */
  flags?: PolicySettings;
}

/**
 * Every build row is merged before any setting is resolved, so that a minimum release named by
 * the policy or --min-version may be one that the user's own rows add.
 */
export async function loadPolicy(sources: PolicySources, shipped: BuildTable): Promise<Policy> {
  const file = sources.policyFile !== undefined ? await readPolicyFile(sources.policyFile) : undefined;
  let builds = file ? file.mergeBuilds(shipped) : shipped;
  if (sources.buildsFile !== undefined) builds = await loadBuildsFile(sources.buildsFile, builds);
  return resolvePolicy([...(file ? [file.settings] : []), ...(sources.flags ? [sources.flags] : [])], builds);
}
