// The YAML inventory (DESIGN.md §3, contract): `defaults` applied to every host, `hosts` with
// per-host overrides and tags. Every mistake is an InputError naming the file and line.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { parseYaml } from '../yaml.js';
import { InputError } from '../errors.js';
import { FILE_CAPS, readInputFile } from './input-file.js';

/** Keys that `defaults` and each host may set. */
export interface InventorySettings {
  user?: string;
  port?: number;
  identityFile?: string;
  installDir?: string;
  passphraseEnv?: string;
  jump?: string;
  become?: string;
  tags?: string[];
}

export interface InventoryHost extends InventorySettings {
  name?: string;
  address: string;
  /** 1-based line of the entry, for messages. */
  line: number;
}

export interface Inventory {
  file: string;
  defaults: InventorySettings;
  hosts: InventoryHost[];
}

const SETTING_KEYS = ['user', 'port', 'identityFile', 'installDir', 'passphraseEnv', 'jump', 'become', 'tags'] as const;
const HOST_KEYS = ['name', 'address', ...SETTING_KEYS] as const;

export async function loadInventory(file: string): Promise<Inventory> {
  return parseInventory(await readInputFile(file, '--inventory', FILE_CAPS.inventory), file);
}

/** `file` names the inventory in messages and anchors relative identityFile paths. */
export function parseInventory(text: string, file: string): Inventory {
  const label = basename(file);
  const { document: doc, lineOfNode: lineOf } = parseYaml(text, label);
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new InputError(`${label} line ${lineOf(node)}: ${message}`);
  };
  const root = doc.contents;
  if (!isMap(root)) fail(root, 'expected a mapping with "hosts:" (and optionally "defaults:")');
  const top = root as YAMLMap;
  for (const pair of top.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'defaults' && key !== 'hosts') fail(pair.key as Node, `unknown key "${key}"; the top level has "defaults" and "hosts"`);
  }
  const base = dirname(resolve(file));

  const defaultsNode = top.get('defaults', true) as Node | undefined;
  let defaults: InventorySettings = {};
  if (defaultsNode !== undefined && !(isScalar(defaultsNode) && defaultsNode.value === null)) {
    if (!isMap(defaultsNode)) fail(defaultsNode, 'defaults must be a mapping of settings');
    defaults = readSettings(defaultsNode as YAMLMap, 'defaults', SETTING_KEYS, fail, base);
  }

  const hostsNode = top.get('hosts', true) as Node | undefined;
  if (hostsNode === undefined) fail(root, 'no "hosts:" list');
  if (!isSeq(hostsNode)) fail(hostsNode, 'hosts must be a list');
  const hosts: InventoryHost[] = [];
  const names = new Map<string, number>();
  (isSeq(hostsNode) ? hostsNode.items : []).forEach((item, index) => {
    const where = `hosts[${index}]`;
    const node = item as Node;
    let host: InventoryHost;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') {
      // Shorthand: "- [user@]host[:port]".
      host = { address: node.value.trim(), line: lineOf(node) };
    } else if (isMap(node)) {
      const settings = readSettings(node, where, HOST_KEYS, fail, base) as InventorySettings & { name?: string; address?: string };
      if (settings.address === undefined) fail(node, `${where}.address is required`);
      host = { ...settings, address: settings.address as string, line: lineOf(node) };
    } else {
      return fail(node, `${where} must be a mapping with at least "address", or a "[user@]host[:port]" string`);
    }
    const name = host.name ?? host.address;
    const seen = names.get(name);
    if (seen !== undefined) fail(node, `host name "${name}" is already used on line ${seen}; give each host a unique name`);
    names.set(name, host.line);
    hosts.push(host);
  });
  if (hosts.length === 0) fail(hostsNode, 'hosts is empty');
  return { file, defaults, hosts };
}

type Fail = (node: Node | null | undefined, message: string) => never;

function readSettings(map: YAMLMap, where: string, allowed: readonly string[], fail: Fail, base: string): InventorySettings & { name?: string; address?: string } {
  const out: InventorySettings & { name?: string; address?: string } = {};
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    const path = `${where}.${key}`;
    if (!allowed.includes(key)) {
      fail(keyNode, `unknown key "${key}" in ${where}; allowed: ${allowed.join(', ')}`);
    }
    if (key === 'port') {
      const raw = isScalar(value) ? value.value : undefined;
      const port = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(value ?? keyNode, `${path} must be a number from 1 to 65535`);
      out.port = port;
    } else if (key === 'tags') {
      if (!isSeq(value)) fail(value ?? keyNode, `${path} must be a list of strings, e.g. [prod, marketing]`);
      out.tags = (value as { items: unknown[] }).items.map((tag, index) => {
        const text = isScalar(tag) ? tag.value : undefined;
        if ((typeof text !== 'string' && typeof text !== 'number') || String(text).trim() === '') fail(tag as Node, `${path}[${index}] must be a non-empty string`);
        return String(text).trim();
      });
    } else {
      const raw = isScalar(value) ? value.value : undefined;
      if ((typeof raw !== 'string' && typeof raw !== 'number') || String(raw).trim() === '') fail(value ?? keyNode, `${path} must be a non-empty string`);
      const text = String(raw);
      if (text.includes('\0')) fail(value, `${path} must not contain a NUL character`);
      if (key === 'passphraseEnv' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) fail(value, `${path} must be an environment variable name (letters, digits, _)`);
      if (key === 'become' && !/^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(text)) fail(value, `${path} must be a user name`);
      if (key === 'identityFile') {
        // Relative key paths are relative to the inventory file; ~ is expanded later.
        out.identityFile = text.startsWith('~') || isAbsolute(text) ? text : resolve(base, text);
      } else {
        (out as Record<string, string>)[key] = key === 'installDir' ? text : text.trim();
      }
    }
  }
  return out;
}
