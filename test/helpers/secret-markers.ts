// Planted secrets for the leak tests (docs/security.md, promise 1). Every marker a run plants
// starts with one random prefix, so a search for that prefix finds any leak, whole or partial,
// in any output. The Campaign layout puts a marker in every secret attribute
// (docs/campaign.md#technical-account), both as plaintext and in the encrypted `@…=` form, in
// well-formed files and in the ones the parser rejects (malformed, DOCTYPE, too large), plus a
// password the rules do not list (a proxy's) and one in a commented-out line.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export class SecretMarkers {
  /** Letters and digits only: valid inside base64, so encrypted-looking markers carry it too. */
  readonly prefix = `Lk${randomBytes(5).toString('hex')}Q`;
  readonly all: string[] = [];
  private count = 0;

  /** A plaintext secret value. */
  plain(what: string): string {
    return this.remember(`${this.prefix}${what}${this.count++}x${randomBytes(6).toString('hex')}`);
  }

  /** An encrypted-looking value: `@` + base64, as Campaign stores AES secrets (docs/campaign.md#technical-account). */
  encrypted(what: string): string {
    return this.remember(`@${this.prefix}${what}${this.count++}${randomBytes(18).toString('base64').replace(/[+/=]/g, 'A')}==`);
  }

  private remember(value: string): string {
    this.all.push(value);
    return value;
  }

  /** The first leak in `text`, with some context, or undefined. */
  leakIn(text: string): string | undefined {
    const at = text.indexOf(this.prefix);
    return at < 0 ? undefined : JSON.stringify(text.slice(Math.max(0, at - 40), at + 60));
  }
}

/** conf/ of a Campaign host with every secret attribute set, plus files the parser rejects. */
export function secretLayout(markers: SecretMarkers): Record<string, string> {
  const pem = `-----BEGIN PRIVATE KEY-----&#10;${markers.plain('pem')}&#10;-----END PRIVATE KEY-----`;
  return {
    'serverConf.xml': `<?xml version='1.0'?>
<serverconf>
  <shared>
    <ims authIMSClientSecret="${markers.plain('imsClientSecret')}" authIMSCode="${markers.encrypted('imsCode')}"/>
    <dataStore>
      <dataSource name="default"><dbcnx login="neolane" password="${markers.plain('dbPassword')}" server="db"/></dataSource>
      <dataSource name="enc"><dbcnx login="neolane" password='${markers.encrypted('dbPasswordEnc')}' server="db2"/></dataSource>
    </dataStore>
  </shared>
  <pipelined autoStart="true" appName="legacy" authPrivateKey="${markers.encrypted('pipelinedKey')}"/>
  <!-- before the move: <dbcnx login="neolane" password="${markers.plain('commentedOut')}"/> -->
  <proxyConfig enabled="true"><proxyHTTP address="proxy" login="proxyuser" password="${markers.plain('proxyPassword')}" port="8080"/></proxyConfig>
</serverconf>
`,
    // JWT in plaintext: a PEM with entity-encoded newlines, as hand-edited files have it.
    'config-plain.xml': `<serverconf><shared><ims authIMSTAClientId="cid-plain" authIMSTAClientSecret = "${markers.plain('taSecret')}" authIMSTAId="PLAIN@techacct.adobe.com" authIMSTAPrivateKey="${pem}"/></shared></serverconf>\n`,
    // JWT as Campaign writes it: encrypted values; a second, upper-cased attribute spelling too.
    'config-enc.xml': `<serverconf>\n  <shared>\n    <ims authIMSTAClientId="cid-enc" authIMSTAClientSecret="${markers.encrypted('taSecretEnc')}" authIMSTAId="ENC@techacct.adobe.com" authIMSTAPrivateKey="${markers.encrypted('taKeyEnc')}" AUTHIMSTAPRIVATEKEY="${markers.plain('upperCase')}"/>\n  </shared>\n</serverconf>\n`,
    // Rejected files: their content must go nowhere, only the reason.
    'config-broken.xml': `<serverconf><shared><ims authIMSTAPrivateKey="${markers.plain('brokenKey')}" authIMSTAClientSecret="${markers.plain('brokenSecret')}></shared>\n`,
    'config-doctype.xml': `<?xml version="1.0"?>\n<!DOCTYPE serverconf [<!ENTITY k "${markers.plain('entity')}">]>\n<serverconf><shared><ims authIMSTAPrivateKey="&k;" authIMSTAClientSecret="${markers.plain('doctypeSecret')}"/></shared></serverconf>\n`,
    'config-big.xml': `<serverconf><shared><ims authIMSTAPrivateKey="${markers.plain('bigKey')}"/></shared><!-- ${'x'.repeat(5 * 1024 * 1024)} --></serverconf>\n`,
  };
}

/** Every regular file under `dir`, relative path → text (the outputs a run wrote). */
export function filesUnder(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.set(relative(dir, full), readFileSync(full, 'latin1'));
    }
  };
  walk(dir);
  return found;
}
