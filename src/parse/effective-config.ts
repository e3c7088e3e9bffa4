// Effective configuration of an instance (docs/campaign.md#configuration-files):
// serverConf.xml is loaded first, then config-<instance>.xml overrides it attribute by attribute.
// An attribute present in the instance file wins even when empty, which is how an instance
// switches off a value inherited from serverConf.xml.
import type { ConfigValue, EffectiveConfig, XmlElement } from '../model.js';
import { walk } from './xml.js';

/** Flattens one file: element path → attribute → value with provenance. */
export function flattenConfig(root: XmlElement, file: string): EffectiveConfig {
  const config = new Map<string, Map<string, ConfigValue>>();
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

/**
 * Overlays `layers` in order: a later layer's attribute replaces an earlier one's. The result is
 * a view over the layers, not a copy: every instance of a host shares serverConf.xml's maps, so
 * memory grows with what was read, not with instances × serverConf.xml's elements (a host of
 * 800 instances over a 150,000-element serverConf.xml once took the scan past 4 GB).
 */
export function overlayConfigs(layers: readonly EffectiveConfig[]): EffectiveConfig {
  return layers.length === 1 ? (layers[0] as EffectiveConfig) : new LayeredConfig(layers);
}

/**
 * A read-only map over layers, later layers winning. Nothing is copied: a lookup walks the
 * layers, and iteration yields each key once, in first-seen order (as a Map filled layer by
 * layer would). `combine` turns the values found for one key, in layer order, into its value.
 */
abstract class LayeredMap<V, L> implements ReadonlyMap<string, V> {
  constructor(protected readonly layers: readonly ReadonlyMap<string, L>[]) {}

  protected abstract combine(found: L[]): V;

  get(key: string): V | undefined {
    const found: L[] = [];
    for (const layer of this.layers) {
      const value = layer.get(key);
      if (value !== undefined) found.push(value);
    }
    return found.length === 0 ? undefined : this.combine(found);
  }

  has(key: string): boolean {
    return this.layers.some((layer) => layer.has(key));
  }

  get size(): number {
    let count = 0;
    for (const _key of this.keys()) count += 1;
    return count;
  }

  *keys(): MapIterator<string> {
    const seen = new Set<string>();
    for (const layer of this.layers) {
      for (const key of layer.keys()) {
        if (seen.has(key)) continue;
        seen.add(key);
        yield key;
      }
    }
  }

  *entries(): MapIterator<[string, V]> {
    for (const key of this.keys()) yield [key, this.get(key) as V];
  }

  *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key) as V;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** Element path → attributes: an element set by one layer is that layer's own map, shared. */
class LayeredConfig extends LayeredMap<ReadonlyMap<string, ConfigValue>, ReadonlyMap<string, ConfigValue>> {
  protected combine(found: ReadonlyMap<string, ConfigValue>[]): ReadonlyMap<string, ConfigValue> {
    return found.length === 1 ? (found[0] as ReadonlyMap<string, ConfigValue>) : new LayeredAttributes(found);
  }
}

/** Attribute → value: the last layer that sets it wins, even with an empty value. */
class LayeredAttributes extends LayeredMap<ConfigValue, ConfigValue> {
  protected combine(found: ConfigValue[]): ConfigValue {
    return found[found.length - 1] as ConfigValue;
  }
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
