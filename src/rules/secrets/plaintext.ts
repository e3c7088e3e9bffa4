// docs/campaign.md#technical-account: Campaign stores these secrets "encrypted in AES", written as
// "@" + base64 (pipelined authPrivateKey "starts with @"). A value without the "@" is clear text on
// disk. Values reach this rule already replaced by sha256 fingerprints (src/collect/redact.ts),
// which keep the leading "@"; messages only ever quote the fingerprint.
import { walk } from '../../parse/xml.js';
import { attributePath } from '../../parse/effective-config.js';
import { ALL_PRODUCTS, defineRule, type RuleHit } from '../define.js';
import { fileInstance } from '../locate.js';

export default defineRule({
  id: 'secrets/plaintext',
  meta: {
    category: 'security',
    severity: 'high',
    summary: 'A secret attribute is stored in clear text instead of Campaign\'s encrypted "@…" form',
    products: ALL_PRODUCTS,
    requires: 'config',
    plan: 'none',
    messages: {
      plaintext: '{element}@{attribute} in {file} is stored in clear text (value fingerprint {fingerprint}); store it encrypted.',
      flaggedEncrypted: '{element}@{attribute} in {file} is stored in clear text (value fingerprint {fingerprint}) although the element says encrypted="{flag}": the flag does not encrypt or protect the value, only Campaign\'s "@…" form is encrypted; store it encrypted.',
    },
    tally: { unit: 'finding', one: '{count} secret in clear text', other: '{count} secrets in clear text' },
    remediation:
      'Rotate the exposed secret, then set it again through Campaign itself (setimsoauth for the technical account) so that it is written in the encrypted "@…" form; never paste it into the file by hand.',
  },
  check: ({ host, policy }) => {
    const hits: RuleHit<'plaintext' | 'flaggedEncrypted'>[] = [];
    for (const file of host.files) {
      if (file.root === null) continue;
      for (const element of walk(file.root)) {
        for (const secret of policy.signatures.secrets) {
          if (element.name !== secret.element) continue;
          const value = element.attributes[secret.attribute];
          if (value === undefined || value.trim() === '' || value.trim().startsWith('@')) continue;
          // docs/campaign.md#other-credentials: dbcnx@encrypted is documented as "Encrypted
          // password" (Boolean), but a value not in the "@…" form is clear text whatever the flag
          // says (Adobe: "Do not use this feature" of plain passwords in <dbcnx/>).
          const flag = element.attributes.encrypted?.trim();
          const isFlagged = flag !== undefined && flag !== '' && flag !== '0' && flag.toLowerCase() !== 'false';
          hits.push({
            messageId: isFlagged ? 'flaggedEncrypted' : 'plaintext',
            data: { element: element.name, attribute: secret.attribute, file: file.path, fingerprint: value, ...(isFlagged ? { flag } : {}) },
            instance: fileInstance(file.instance),
            file: file.path,
            path: attributePath(element.path, secret.attribute),
          });
        }
      }
    }
    return hits;
  },
});
