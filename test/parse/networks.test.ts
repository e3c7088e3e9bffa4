// Masks and proxy lists as Adobe's security zone snippets write them, and what the trusted
// networks (private, loopback, link-local, the policy's own) hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEntry, parseAddress, parseMaskEntry, parseMaskList, trustedNetworks } from '../../src/parse/networks.js';

const span = (text: string): [string, string, string] | string => {
  const entry = parseMaskEntry(text);
  if (entry.ranges === undefined) return `not understood: ${entry.problem ?? ''}`;
  const [range] = entry.ranges;
  assert.ok(range);
  return [range.family, range.first.toString(16), range.last.toString(16)];
};

describe('masks', () => {
  it("reads every form of Adobe's snippets", () => {
    assert.deepEqual(span('10.0.0.0/8'), ['ipv4', 'a000000', 'affffff']);
    // `127.0.0.1/16` (security-zones.md): host bits are ignored.
    assert.deepEqual(span('127.0.0.1/16'), ['ipv4', '7f000000', '7f00ffff']);
    assert.deepEqual(span('10.131.193.182'), ['ipv4', 'a83c1b6', 'a83c1b6']);
    assert.deepEqual(span('fc00::/7'), ['ipv6', 'fc000000000000000000000000000000', 'fdffffffffffffffffffffffffffffff']);
    assert.deepEqual(span('::1/128'), ['ipv6', '1', '1']);
    assert.deepEqual(span(' ::1 '), ['ipv6', '1', '1']);
    assert.deepEqual(span('10.0.0.0/255.0.0.0'), ['ipv4', 'a000000', 'affffff']);
    assert.deepEqual(span('::ffff:10.0.0.1'), ['ipv6', 'ffff0a000001', 'ffff0a000001']);
    assert.deepEqual(span('2001:db8::/32'), ['ipv6', '20010db8000000000000000000000000', '20010db8ffffffffffffffffffffffff']);
    assert.equal(parseMaskEntry('*').ranges?.length, 2, '* is every IPv4 and every IPv6 address');
  });

  it('says what it did not understand, and never throws', () => {
    for (const text of ['a.b.c.d/xx', '10.0.0.0/33', '256.1.1.1', '10.0.0', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', '::/129', '10.0.0.0/0.255.0.0', '10.0.0.0/-1', 'localhost', `${'1'.repeat(100_000)}`]) {
      const entry = parseMaskEntry(text);
      assert.equal(entry.ranges, undefined, text);
      assert.ok(entry.problem, text);
      assert.ok(entry.text.length <= 65, 'a long entry is cut in reports');
    }
    assert.match(describeEntry(parseMaskEntry('a.b.c.d/xx')), /^"a\.b\.c\.d\/xx" \(not understood: .*judged as any address\)$/);
    assert.equal(describeEntry(parseMaskEntry('10.0.0.0/8')), '"10.0.0.0/8"');
  });

  it('splits proxy lists on commas, spaces allowed (proxy="10.131.146.102,127.0.0.1, ::1")', () => {
    assert.deepEqual(parseMaskList('10.131.146.102,127.0.0.1, ::1').map((entry) => entry.text), ['10.131.146.102', '127.0.0.1', '::1']);
    assert.deepEqual(parseMaskList(''), []);
    assert.deepEqual(parseMaskList(' , '), []);
  });

  it('reads addresses in every IPv6 shorthand', () => {
    assert.equal(parseAddress('::')?.value, 0n);
    assert.equal(parseAddress('1::')?.value, 1n << 112n);
    assert.equal(parseAddress('0:0:0:0:0:0:0:1')?.value, 1n);
    assert.equal(parseAddress('1:2:3:4:5:6:7::')?.value, parseAddress('1:2:3:4:5:6:7:0')?.value);
    assert.equal(parseAddress('1:2:3:4:5:6:7:8:'), undefined);
  });
});

describe('trusted networks', () => {
  const trusted = trustedNetworks();
  const covers = (text: string): boolean => trusted.coversEntry(parseMaskEntry(text));

  it('hold private, loopback and link-local ranges, in IPv4 and IPv6', () => {
    for (const text of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.1/16', '169.254.1.1', 'fc00::/7', 'fe80::/10', '::1/128', '::ffff:10.1.2.3']) assert.ok(covers(text), text);
  });

  it('do not hold public addresses, * or what was not understood', () => {
    for (const text of ['*', '0.0.0.0/0', '8.8.8.8', '172.16.0.0/11', '11.0.0.0/8', '2001:db8::/32', '::/0', '::ffff:8.8.8.8', 'a.b.c.d/xx']) assert.ok(!covers(text), text);
  });

  it("add the policy's allowed networks, merging neighbours", () => {
    const allowed = trustedNetworks(['203.0.113.0/25', '203.0.113.128/25', '2001:db8::/48', 'not a network']);
    assert.ok(allowed.coversEntry(parseMaskEntry('203.0.113.0/24')));
    assert.ok(allowed.coversEntry(parseMaskEntry('2001:db8:0:1::/64')));
    assert.ok(!allowed.coversEntry(parseMaskEntry('203.0.112.0/23')));
  });
});
