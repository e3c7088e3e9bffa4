// The YAML inventory (docs/ssh.md#inventory, contract): `defaults` applied to every host, `hosts` with
// per-host overrides and tags, checked by a zod schema. Every mistake is an InputError naming
// the file, the line and the field (src/inputs/issues.ts).
import { dirname, isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { inputError, keyPath, parseInput, type Key } from './issues.js';
import { parseYaml } from './yaml.js';
import { isEnvName, isPort, isUserName } from './values.js';
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

const NON_EMPTY = 'must be a non-empty string';
const NUL = 'must not contain a NUL character';
/** A string or a number (YAML reads `user: 1000` as one), as text, non-empty, without NUL. */
const setting = z
  .union([z.string(), z.number()], { error: NON_EMPTY })
  .transform(String)
  .refine((text) => text.trim() !== '', { error: NON_EMPTY })
  .refine((text) => !text.includes('\0'), { error: NUL });
const trimmed = setting.transform((text) => text.trim());
const PORT = 'must be a number from 1 to 65535';

/** The settings `defaults` and each host may set; relative identityFile paths are relative to `base`. */
function settingsShape(base: string) {
  return {
    user: trimmed.exactOptional(),
    port: z
      .union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error: PORT })
      .refine(isPort, { error: PORT })
      .exactOptional(),
    // ~ is expanded later, when the host is resolved.
    identityFile: setting.transform((text) => (text.startsWith('~') || isAbsolute(text) ? text : resolve(base, text))).exactOptional(),
    installDir: setting.exactOptional(),
    passphraseEnv: setting.refine(isEnvName, { error: 'must be an environment variable name (letters, digits, _)' }).exactOptional(),
    jump: trimmed.exactOptional(),
    become: setting.refine(isUserName, { error: 'must be a user name' }).exactOptional(),
    tags: z
      .array(
        z
          .union([z.string(), z.number()], { error: NON_EMPTY })
          .transform((tag) => String(tag).trim())
          .refine((tag) => tag !== '', { error: NON_EMPTY }),
        { error: 'must be a list of strings, e.g. [prod, marketing]' },
      )
      .exactOptional(),
  } satisfies Record<(typeof SETTING_KEYS)[number], z.ZodType>;
}

const unknownIn = (allowed: readonly string[]) => `is not a known key; allowed: ${allowed.join(', ')}`;

function inventorySchemas(base: string) {
  const defaults = z.strictObject(settingsShape(base), { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownIn(SETTING_KEYS) : 'must be a mapping of settings') });
  const host = z.strictObject(
    {
      name: trimmed.exactOptional(),
      address: z
        .union([z.string(), z.number()], { error: NON_EMPTY })
        .transform((text) => String(text).trim())
        .refine((text) => text !== '', { error: NON_EMPTY })
        .refine((text) => !text.includes('\0'), { error: NUL }),
      ...settingsShape(base),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownIn(HOST_KEYS) : 'must be a mapping with at least "address", or a "[user@]host[:port]" string') },
  );
  const root = z.strictObject(
    {
      defaults: defaults.nullable().exactOptional(),
      hosts: z.array(z.unknown(), { error: 'must be a list' }).min(1, { error: 'is empty' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known key; the top level has "defaults" and "hosts"' : 'must be a mapping with "hosts:" (and optionally "defaults:")') },
  );
  return { root, host };
}

/** `file` names the inventory in messages (after `flag`) and anchors relative identityFile paths. */
export function parseInventory(text: string, file: string, flag = '--inventory'): Inventory {
  const yaml = parseYaml(text, { flag, file });
  const { root, host: hostSchema } = inventorySchemas(dirname(resolve(file)));
  const top = parseInput(yaml.source, root, yaml.data);
  const hosts: InventoryHost[] = [];
  /** Where each name was first given: its key path and line. */
  const names = new Map<string, { path: Key[]; line: number }>();
  top.hosts.forEach((item, index) => {
    const at = ['hosts', index];
    const line = yaml.lineOf(at);
    // Shorthand: "- [user@]host[:port]".
    const isShorthand = typeof item === 'string' && item.trim() !== '';
    const host: InventoryHost = isShorthand ? { address: item.trim(), line } : { ...parseInput(yaml.source, hostSchema, item, { at }), line };
    const name = host.name ?? host.address;
    // The name is the file's text: the message names where it is written, never the name itself.
    const path = isShorthand ? at : [...at, host.name !== undefined ? 'name' : 'address'];
    const seen = names.get(name);
    if (seen !== undefined) throw inputError(yaml.source, [{ path, problem: `repeats ${keyPath(seen.path)} (line ${seen.line}); give each host a unique name` }]);
    names.set(name, { path, line: yaml.lineOf(path) });
    hosts.push(host);
  });
  return { file, defaults: top.defaults ?? {}, hosts };
}
