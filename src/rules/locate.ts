// Where an attribute is set on a host: effective for which instances, and in which files it is
// set without being effective for any instance (overridden, or only in config-default.xml).
import type { HostFacts } from '../model.js';
import { attributePath, getValue, isSet } from '../parse/effective-config.js';

export interface AttributeHit {
  instance: string | null;
  file: string;
  path: string;
  value: string;
}

export function locateAttribute(host: HostFacts, elementPath: string, attribute: string): { effective: AttributeHit[]; stranded: AttributeHit[] } {
  const path = attributePath(elementPath, attribute);
  const effective: AttributeHit[] = [];
  for (const instance of host.instances) {
    const value = getValue(instance.config, elementPath, attribute);
    if (isSet(value)) effective.push({ instance: instance.name, file: value.file, path, value: value.value });
  }
  const usedFiles = new Set(effective.map((hit) => hit.file));
  const stranded: AttributeHit[] = [];
  for (const file of host.files) {
    if (file.root === null || usedFiles.has(file.path)) continue;
    const value = getValue(file.config, elementPath, attribute);
    if (isSet(value)) stranded.push({ instance: null, file: file.path, path, value: value.value });
  }
  return { effective, stranded };
}

/** Instance of a file-level finding: config-<name>.xml belongs to <name>; config-default.xml and serverConf.xml to none. */
export function fileInstance(instance: string | null): string | null {
  return instance === 'default' ? null : instance;
}
