// Lays out a fake Campaign install dir (nl6/): conf/*.xml, env.sh and an executable fake
// nlserver that prints a pdump first line. Used by the local-transport and SSH tests.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface InstallSpec {
  conf: Record<string, string>;
  /** First line printed by `nlserver pdump`; null: no nlserver at all. */
  pdumpLine?: string | null;
  /** Extra shell run by the fake nlserver before it prints (e.g. `sleep 30`). */
  nlserverPrelude?: string;
}

export function writeInstall(dir: string, spec: InstallSpec): string {
  mkdirSync(join(dir, 'conf'), { recursive: true });
  for (const [name, xml] of Object.entries(spec.conf)) writeFileSync(join(dir, 'conf', name), xml);
  // env.sh sets a variable the fake nlserver prints: proof that the collector sourced it.
  writeFileSync(join(dir, 'env.sh'), 'export CAMPAIGN_AUDIT_TEST_ENV=sourced\n');
  if (spec.pdumpLine !== null) {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    const line = spec.pdumpLine ?? '12:00:00 > Application server for Adobe Campaign Classic (7.4.1 24.6 build 9383@0c5e7a1) of 18/06/2024';
    const script = `#!/bin/sh\n${spec.nlserverPrelude ?? ''}\n[ "$1" = pdump ] || exit 2\nprintf '%s\\n' '${line.replace(/'/g, "'\\''")}'\necho "env=$CAMPAIGN_AUDIT_TEST_ENV"\necho "web@default (1234) - 50.1 MB"\n`;
    writeFileSync(join(dir, 'bin', 'nlserver'), script);
    chmodSync(join(dir, 'bin', 'nlserver'), 0o755);
  }
  return dir;
}
