import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseInventory } from '../../src/inputs/inventory.js';

const INVENTORY_EXAMPLE = `defaults:                 # applied to every host, each key overridable per host
  user: neolane
  port: 22
  identityFile: ~/.ssh/id_ed25519
  installDir: /usr/local/neolane/nl6
hosts:
  - name: mkt-prod-1      # label used in reports (default: address)
    address: 10.1.2.3
    tags: [prod, marketing]
  - name: mid-prod-1
    address: mid1.example.com
    port: 2222
    jump: bastion.example.com   # ProxyJump, may be user@host:port
    become: neolane             # sudo -n -u neolane
`;

function inputError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof InputError && pattern.test(error.message);
}

describe('inventory', () => {
  it('reads an inventory like the example of docs/ssh.md#inventory', () => {
    const inventory = parseInventory(INVENTORY_EXAMPLE, '/etc/audit/hosts.yaml');
    assert.deepEqual(inventory.defaults, { user: 'neolane', port: 22, identityFile: '~/.ssh/id_ed25519', installDir: '/usr/local/neolane/nl6' });
    assert.deepEqual(inventory.hosts, [
      { name: 'mkt-prod-1', address: '10.1.2.3', tags: ['prod', 'marketing'], line: 7 },
      { name: 'mid-prod-1', address: 'mid1.example.com', port: 2222, jump: 'bastion.example.com', become: 'neolane', line: 10 },
    ]);
  });

  it('takes "[user@]host[:port]" strings as hosts and resolves relative key paths against the file', () => {
    const inventory = parseInventory('defaults:\n  identityFile: keys/audit\n  passphraseEnv: AUDIT_KEY_PASS\nhosts:\n  - neolane@mkt1:2222\n  - mkt2\n', '/srv/audit/hosts.yaml');
    assert.equal(inventory.defaults.identityFile, '/srv/audit/keys/audit');
    assert.equal(inventory.defaults.passphraseEnv, 'AUDIT_KEY_PASS');
    assert.deepEqual(
      inventory.hosts.map((host) => host.address),
      ['neolane@mkt1:2222', 'mkt2'],
    );
  });

  const bad: [string, string, RegExp][] = [
    ['bad port', 'hosts:\n  - address: a\n  - address: b\n  - address: c\n    port: 70000\n', /^--inventory \/x\/hosts\.yaml line 5: hosts\[2\]\.port must be a number from 1 to 65535$/],
    ['port text', 'hosts:\n  - address: a\n    port: ssh\n', /line 3: hosts\[0\]\.port must be a number/],
    ['missing address', 'hosts:\n  - name: a\n', /line 2: hosts\[0\]\.address is missing$/],
    ['unknown key', 'hosts:\n  - address: a\n    identity_file: x\n', /line 3: hosts\[0\]\.identity_file is not a known key; allowed: name, address/],
    ['unknown top key', 'host:\n  - a\n', /line 1: host is not a known key/],
    ['tags not a list', 'hosts:\n  - address: a\n    tags: prod\n', /line 3: hosts\[0\]\.tags must be a list/],
    ['duplicate name', 'hosts:\n  - address: a\n  - name: a\n    address: b\n', /line 3: hosts\[1\]\.name repeats hosts\[0\]\.address \(line 2\)/],
    ['bad YAML', 'hosts:\n  - address: [a\n', /^--inventory \/x\/hosts\.yaml line \d: not valid YAML/],
    ['no hosts', 'defaults:\n  user: x\n', /line 1: hosts is missing$/],
    ['empty hosts', 'hosts: []\n', /line 1: hosts is empty$/],
    ['bad env name', 'defaults:\n  passphraseEnv: "$X"\nhosts:\n  - a\n', /line 2: defaults\.passphraseEnv must be an environment variable name/],
    ['bad become', 'hosts:\n  - address: a\n    become: "-u root"\n', /line 3: hosts\[0\]\.become must be a user name/],
    ['empty user', 'hosts:\n  - address: a\n    user: ""\n', /line 3: hosts\[0\]\.user must be a non-empty string/],
    ['duplicate key', 'hosts:\n  - address: a\n    address: b\n', /line 3: not valid YAML/],
    ['not a mapping', '- a\n- b\n', /line 1: the file must be a mapping with "hosts:"/],
  ];
  for (const [what, text, pattern] of bad) {
    it(`names the line: ${what}`, () => {
      assert.throws(() => parseInventory(text, '/x/hosts.yaml'), inputError(pattern));
    });
  }

  it('names a repeated host name by where it is written, never by the name itself', () => {
    const name = 'mkt\u001b]0;owned\u0007\nprod';
    const text = `hosts:\n  - address: a\n  - name: ${JSON.stringify(name)}\n    address: b\n  - name: ${JSON.stringify(name)}\n    address: c\n`;
    assert.throws(
      () => parseInventory(text, '/x/hosts.yaml'),
      (error: Error) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.message, '--inventory /x/hosts.yaml line 5: hosts[2].name repeats hosts[1].name (line 3); give each host a unique name');
        return true;
      },
    );
  });
});
