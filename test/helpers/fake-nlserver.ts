// A recording fake `nlserver` for the plan runners' real-sshd tests (sh and Ansible): pdump
// prints a 7.4.1 banner; every other call is appended to ~/nlserver-calls.log with the port the
// ssh session came in on (SSH_CONNECTION); `config -setimsoauth` rewrites config-<instance>.xml
// with the OAuth attributes (no private key), as the real command is documented to do
// (docs/campaign.md#technical-account). With ~/fail-reload present, `config -reload` fails.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDUMP_7_4_1 } from './sshd.js';

export const RECORDING_NLSERVER = `#!/bin/sh
[ "$CAMPAIGN_TEST_ENV" = loaded ] || { echo "env.sh was not sourced" >&2; exit 3; }
if [ "$1" = pdump ]; then
  printf '%s\\n' '${PDUMP_7_4_1}'
  exit 0
fi
port=\${SSH_CONNECTION##* }
printf '%s\\t%s\\n' "\${port:-none}" "$*" >> "$HOME/nlserver-calls.log"
# A test makes the reload fail by creating ~/fail-reload.
if [ "$*" = "config -reload" ] && [ -e "$HOME/fail-reload" ]; then echo "reload failed" >&2; exit 1; fi
case "$3" in
  -setimsoauth:*)
    instance=\${2#-instance:}
    ids=\${3#-setimsoauth:}
    org=\${ids%%/*}; rest=\${ids#*/}; client=\${rest%%/*}; rest=\${rest#*/}; ta=\${rest%%/*}
    [ -f "conf/config-$instance.xml" ] || { echo "not in the install dir" >&2; exit 4; }
    printf '%s\\n' "<?xml version='1.0'?>" "<serverconf><shared><ims authIMSTAClientId=\\"$client\\" authIMSTAClientSecret=\\"@ZW5jcnlwdGVk\\" authIMSTAId=\\"$ta\\" authIMSOrgId=\\"$org\\"/></shared></serverconf>" > "conf/config-$instance.xml"
    ;;
esac
exit 0
`;

/** A JWT instance `shop` with every ID the plan prefills. */
export function shopConfig(): string {
  return `<?xml version='1.0'?>
<serverconf>
  <shared>
    <ims authIMSTAClientId="cid-shop" authIMSTAClientSecret="@c2VjcmV0LWVuY3J5cHRlZA==" authIMSTAId="SHOP@techacct.adobe.com" authIMSTAPrivateKey="@a2V5LWVuY3J5cHRlZA==" authIMSOrgId="ORG1@AdobeOrg"/>
  </shared>
</serverconf>
`;
}

/** The calls the fake nlserver recorded in `home`, in order: the server port and the arguments. */
export function recordedCalls(home: string): { port: string; args: string }[] {
  const file = join(home, 'nlserver-calls.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [port = '', args = ''] = line.split('\t');
      return { port, args };
    });
}
