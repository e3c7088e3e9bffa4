// Effective configuration of an instance (DESIGN.md §5, DOMAIN.md §1 "configuration-principle"):
// serverConf.xml is loaded first, then config-<instance>.xml overrides it attribute by attribute.
// An attribute present in the instance file wins even when empty, which is how an instance
// switches off a value inherited from serverConf.xml.
import type { ConfigValue, EffectiveConfig, XmlElement } from '../model.js';
import { walk } from './xml.js';

/** Flattens one file: element path → attribute → value with provenance. */
export function flattenConfig(root: XmlElement, file: string): EffectiveConfig {
  const config: EffectiveConfig = new Map();
  for (const element of walk(root)) {
    const attributes = new Map<string, ConfigValue>();
    for (const [name, value] of Object.entries(element.attributes)) {
      attributes.set(name, { value, file, element: element.path });
    }
    const existing = config.get(element.path);
    if (existing) for (const [name, value] of attributes) existing.set(name, value);
    else config.set(element.path, attributes);
  }
  return config;
}

/** Overlays `layers` in order: a later layer's attribute replaces an earlier one's. */
export function overlayConfigs(layers: readonly EffectiveConfig[]): EffectiveConfig {
  const result: EffectiveConfig = new Map();
  for (const layer of layers) {
    for (const [path, attributes] of layer) {
      const target = result.get(path) ?? new Map<string, ConfigValue>();
      for (const [name, value] of attributes) target.set(name, value);
      result.set(path, target);
    }
  }
  return result;
}

export function getValue(config: EffectiveConfig, elementPath: string, attribute: string): ConfigValue | undefined {
  return config.get(elementPath)?.get(attribute);
}

/** True when the attribute is set to something other than blanks. */
export function isSet(value: ConfigValue | undefined): value is ConfigValue {
  return value !== undefined && value.value.trim() !== '';
}

/** `serverconf/shared/ims/@authIMSTAPrivateKey`: the evidence path reported in findings. */
export function attributePath(elementPath: string, attribute: string): string {
  return `${elementPath}/@${attribute}`;
}
