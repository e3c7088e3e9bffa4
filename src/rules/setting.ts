// The hardening rules judge each instance's effective configuration (docs/campaign.md#configuration-files:
// serverConf.xml overlaid by config-<instance>.xml) against Adobe's documented defaults ("The
// server configuration file", https://experienceleague.adobe.com/en/docs/campaign-classic/using/installing-campaign-classic/appendices/the-server-configuration-file):
// an attribute set nowhere takes its default, and a finding on a default says so.
import type { InstanceFacts } from '../model.js';
import { attributePath, getValue } from '../parse/effective-config.js';

/** One attribute as an instance runs with it. */
export interface Setting {
  value: string;
  /** Where it is set: the file, or `default` when no file sets it (the message's "(default)"). */
  source: string;
  /** The file a finding names: the file that sets it, else the instance's own file (where to set it). */
  file: string;
  /** `serverconf/shared/authentication/@checkIPConsistent`. */
  path: string;
  isDefault: boolean;
}

/** `attribute` of `element` as `instance` runs with it; `fallback` is Adobe's documented default (undefined: none documented). */
export function settingOf(instance: InstanceFacts, element: string, attribute: string, fallback?: string): Setting | undefined {
  const path = attributePath(element, attribute);
  const value = getValue(instance.config, element, attribute);
  if (value !== undefined) return { value: value.value, source: `set in ${value.file}`, file: value.file, path, isDefault: false };
  return fallback === undefined ? undefined : { value: fallback, source: 'default', file: instance.file, path, isDefault: true };
}

/** Instances whose files were all read: an instance whose class is `unknown` is judged by config/unreadable instead. */
export function readableInstances(instances: readonly InstanceFacts[]): InstanceFacts[] {
  return instances.filter((instance) => instance.credential !== 'unknown');
}

/** Campaign's booleans as the configuration pages write them ("true"/"false"); anything else is not true. */
export function isTrue(value: string): boolean {
  return value.trim() === 'true';
}
