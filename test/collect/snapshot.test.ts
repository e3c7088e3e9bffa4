import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../src/collect/snapshot.js';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark, and UTF-16 with one', () => {
    assert.deepEqual(decodeText(bytes("<serverconf a='", [0xc3, 0xa9], "'/>")), { text: "<serverconf a='é'/>" });
    assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], '<serverconf/>')), { text: '<serverconf/>' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<serverconf/>', 'utf16le')])), { text: '<serverconf/>' });
  });

  it('refuses invalid UTF-8 instead of turning it into U+FFFD', () => {
    assert.deepEqual(decodeText(bytes("<?xml version='1.0'?><serverconf a='cid-", [0xff, 0xfe, 0xc3, 0x28], "'/>")), { error: 'not valid UTF-8 text (and no other encoding is declared)' });
  });

  it('honours an encoding named in the XML declaration, and says when it cannot', () => {
    assert.deepEqual(decodeText(bytes("<?xml version='1.0' encoding='ISO-8859-1'?><serverconf a='", [0xe9], "'/>")), { text: "<?xml version='1.0' encoding='ISO-8859-1'?><serverconf a='é'/>" });
    assert.deepEqual(decodeText(bytes('<?xml version="1.0" encoding="x-klingon"?><serverconf/>')), { error: 'the XML declaration names encoding "x-klingon", which is not supported' });
  });

  it('calls content with NUL bytes binary', () => {
    assert.deepEqual(decodeText(bytes([0x3c, 0x00, 0xff, 0x3e])), { error: 'binary content (NUL bytes)' });
    assert.deepEqual(decodeText(bytes('<a>', [0x00], '</a>')), { error: 'binary content (NUL bytes)' });
  });
});
