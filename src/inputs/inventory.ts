// The YAML inventory (DESIGN.md §3, contract): `defaults` applied to every host, `hosts` with
// per-host overrides and tags, checked by a zod schema. Every mistake is an InputError naming
// the file, the line and the field.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { parseInFile } from './issues.js';
import { parseYaml } from './yaml.js';
import { isPort } from './values.js';
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

const NON_EMPTY = '{path} must be a non-empty string';
/** A string or a number (YAML reads `user: 1000` as one), as text, non-empty, without NUL. */
const setting = z
  .union([z.string(), z.number()], { error: NON_EMPTY })
  .transform(String)
  .refine((text) => text.trim() !== '', { error: NON_EMPTY })
  .refine((text) => !text.includes('\0'), { error: '{path} must not contain a NUL character' });
const trimmed = setting.transform((text) => text.trim());
const PORT = '{path} must be a number from 1 to 65535';

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
    passphraseEnv: setting.refine((text) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(text), { error: '{path} must be an environment variable name (letters, digits, _)' }).exactOptional(),
    jump: trimmed.exactOptional(),
    become: setting.refine((text) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(text), { error: '{path} must be a user name' }).exactOptional(),
    tags: z
      .array(
        z
          .union([z.string(), z.number()], { error: NON_EMPTY })
          .transform((tag) => String(tag).trim())
          .refine((tag) => tag !== '', { error: NON_EMPTY }),
        { error: '{path} must be a list of strings, e.g. [prod, marketing]' },
      )
      .exactOptional(),
  } satisfies Record<(typeof SETTING_KEYS)[number], z.ZodType>;
}

const unknownIn = (allowed: readonly string[]) => `unknown key "{key}" in {path}; allowed: ${allowed.join(', ')}`;

function inventorySchemas(base: string) {
  const defaults = z.strictObject(settingsShape(base), { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownIn(SETTING_KEYS) : 'defaults must be a mapping of settings') });
  const host = z.strictObject(
    {
      name: trimmed.exactOptional(),
      address: z
        .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined ? '{path} is required' : NON_EMPTY) })
        .transform((text) => String(text).trim())
        .refine((text) => text !== '', { error: NON_EMPTY })
        .refine((text) => !text.includes('\0'), { error: '{path} must not contain a NUL character' }),
      ...settingsShape(base),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownIn(HOST_KEYS) : '{path} must be a mapping with at least "address", or a "[user@]host[:port]" string') },
  );
  const root = z.strictObject(
    {
      defaults: defaults.nullable().exactOptional(),
      hosts: z.array(z.unknown(), { error: (issue) => (issue.input === undefined ? 'no "hosts:" list' : 'hosts must be a list') }).min(1, { error: 'hosts is empty' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown key "{key}"; the top level has "defaults" and "hosts"' : 'expected a mapping with "hosts:" (and optionally "defaults:")') },
  );
  return { root, host };
}

/** `file` names the inventory in messages and anchors relative identityFile paths. */
export function parseInventory(text: string, file: string): Inventory {
  const yaml = parseYaml(text, basename(file));
  const { root, host: hostSchema } = inventorySchemas(dirname(resolve(file)));
  const top = parseInFile(yaml, [], root, yaml.data);
  const hosts: InventoryHost[] = [];
  const names = new Map<string, number>();
  top.hosts.forEach((item, index) => {
    const at = ['hosts', index];
    const line = yaml.lineOf(at);
    // Shorthand: "- [user@]host[:port]".
    const host: InventoryHost = typeof item === 'string' && item.trim() !== '' ? { address: item.trim(), line } : { ...parseInFile(yaml, at, hostSchema, item), line };
    const name = host.name ?? host.address;
    const seen = names.get(name);
    if (seen !== undefined) throw yaml.fail(at, `host name "${name}" is already used on line ${seen}; give each host a unique name`);
    names.set(name, line);
    hosts.push(host);
  });
  return { file, defaults: top.defaults ?? {}, hosts };
}
