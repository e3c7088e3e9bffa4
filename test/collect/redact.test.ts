import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor, redactValue } from '../../src/collect/redact.js';
import { redactContent } from '../../src/collect/snapshot.js';
import { DEFAULT_SIGNATURES } from '../../src/engine/policy.js';
import { FINGERPRINTS, fingerprintSecret } from '../helpers/fixtures.js';

const redact = createRedactor(DEFAULT_SIGNATURES.secrets, FINGERPRINTS);

describe('redaction', () => {
  it('replaces every secret attribute value with a sha256 fingerprint, keeping the @ of the encrypted form', () => {
    const xml = `<ims authIMSTAClientId="cid" authIMSTAClientSecret="@ZW5j" authIMSTAPrivateKey='TOP-SECRET-KEY' authIMSCode="code-1" authIMSClientSecret = "s3cr3t"/>
<dbcnx login="admin" password="hunter2"/><pipelined authPrivateKey="@cGlwZQ=="/>`;
    const out = redact(xml);
    for (const secret of ['ZW5j', 'TOP-SECRET-KEY', 'code-1', 's3cr3t', 'hunter2', 'cGlwZQ==']) assert.ok(!out.includes(secret), secret);
    assert.ok(out.includes('authIMSTAClientId="cid"'), 'non-secret kept');
    assert.ok(out.includes('login="admin"'), 'non-secret kept');
    assert.ok(out.includes(`authIMSTAClientSecret="@${fingerprintSecret('@ZW5j')}"`));
    assert.ok(out.includes(`authIMSTAPrivateKey='${fingerprintSecret('TOP-SECRET-KEY')}'`));
    assert.ok(out.includes(`password="${fingerprintSecret('hunter2')}"`));
  });

  it('gives the same fingerprint for the same secret, and a different one otherwise', () => {
    assert.equal(redactValue('abc', FINGERPRINTS), redactValue('abc', FINGERPRINTS));
    assert.notEqual(redactValue('abc', FINGERPRINTS), redactValue('abd', FINGERPRINTS));
    assert.match(redactValue('abc', FINGERPRINTS), /^sha256:[0-9a-f]{12}$/);
  });

  it('is idempotent, so replayed evidence is not fingerprinted twice', () => {
    const once = redact('<dbcnx password="hunter2"/>');
    assert.equal(redact(once), once);
  });

  it('leaves empty and blank values as they are (they decide the credential class)', () => {
    assert.equal(redact('<ims authIMSTAPrivateKey=""/>'), '<ims authIMSTAPrivateKey=""/>');
    assert.equal(redact('<ims authIMSTAPrivateKey="  "/>'), '<ims authIMSTAPrivateKey="  "/>');
  });

  it('redacts in malformed files, across newlines, and whatever the attribute case', () => {
    const out = redact('<serverconf><ims AUTHIMSTAPRIVATEKEY="line1\nline2" <broken');
    assert.ok(!out.includes('line1') && !out.includes('line2'));
  });

  it('hashes the decoded value, so an escaped and a raw secret match', () => {
    assert.equal(redactValue('a&amp;b', FINGERPRINTS), fingerprintSecret('a&b'));
  });

  it('reads quotes as XML does: a value cannot steer it off the real attribute', () => {
    // The value of x holds text that looks like an attribute; the real key follows it.
    const xml = `<serverconf><shared><ims x=" authIMSTAPrivateKey='" authIMSTAPrivateKey='SECRET-1' t='"/>'/></shared></serverconf>`;
    const out = redact(xml);
    assert.ok(!out.includes('SECRET-1'), out);
    assert.ok(out.includes(`authIMSTAPrivateKey='${fingerprintSecret('SECRET-1')}'`), out);
    assert.ok(out.includes(`x=" authIMSTAPrivateKey='"`), 'the decoy value is left as it is');
  });

  it('redacts every tag, and secret-named pairs inside comments, CDATA and processing instructions', () => {
    // An administrator's commented-out line is still a password.
    const xml = `<?xml version="1.0"?><!-- <dbcnx password="in-comment"/> old: authIMSTAPrivateKey = 'in-comment-2' note: password=unquoted --><serverconf><![CDATA[<dbcnx password="in-cdata"/>]]><a><dbcnx password="real-1"/></a><dbcnx\npassword\n=\n"real-2"/></serverconf>`;
    const out = redact(xml);
    for (const secret of ['real-1', 'real-2', 'in-comment', 'in-comment-2', 'in-cdata', 'unquoted']) assert.ok(!out.includes(secret), `${secret}: ${out}`);
    assert.ok(out.includes(`<!-- <dbcnx password="${fingerprintSecret('in-comment')}"/> old: authIMSTAPrivateKey = '${fingerprintSecret('in-comment-2')}' note: password=${fingerprintSecret('unquoted')} -->`), out);
    // Other pairs and the comment's words stay as written.
    assert.equal(redact('<!-- login="neolane" port=5432 a=b=c --><serverconf/>'), '<!-- login="neolane" port=5432 a=b=c --><serverconf/>');
  });

  it('keeps nothing of a multi-word value in a comment, and redacts namespaced listed names (issue 13.11)', () => {
    // Today: `password=correct horse battery staple` kept "horse battery staple"; x:authIMSCode was kept whole.
    const xml = '<!-- password=correct horse battery staple\n  pw: password = "correct horse battery staple" x:authIMSCode=code one --><serverconf><ims x:authIMSCode="abc def" y:AUTHIMSTACLIENTSECRET="s e"/></serverconf>';
    const out = redact(xml);
    for (const word of ['correct', 'horse', 'battery', 'staple', 'code one', 'abc', 'def', '"s e"']) assert.ok(!out.includes(word), `${word}: ${out}`);
    assert.equal(
      out,
      `<!-- password=${fingerprintSecret('correct horse battery staple')}\n  pw: password = "${fingerprintSecret('correct horse battery staple')}" x:authIMSCode=${fingerprintSecret('code one')} --><serverconf><ims x:authIMSCode="${fingerprintSecret('abc def')}" y:AUTHIMSTACLIENTSECRET="${fingerprintSecret('s e')}"/></serverconf>`,
    );
    // The line after the pair is the comment's own text again.
    assert.equal(redact('<!-- password=a b\nnext line --><x/>'), `<!-- password=${fingerprintSecret('a b')}\nnext line --><x/>`);
  });

  it('redacts attributes whose names say they are secret, listed or not', () => {
    const out = redact('<serverconf><proxyHTTP login="me" password="proxy-pw"/><x apiSecret="s1" signingPrivateKey="k1" keyPassphrase="p1" passwordExpiry="30"/></serverconf>');
    for (const secret of ['proxy-pw', 's1', 'k1', 'p1']) assert.ok(!out.includes(`"${secret}"`), `${secret}: ${out}`);
    assert.ok(out.includes('login="me"') && out.includes('passwordExpiry="30"'), out);
  });

  it('keeps the @ exactly when the parsed value starts with one, as secrets/plaintext reads it', () => {
    // The parser trims values: " @c2Vj" is the encrypted form, and redacting it to a bare
    // fingerprint made secrets/plaintext report it (found by test/fuzz/redact.props.ts).
    assert.equal(redact('<dbcnx password=" @c2Vj"/>'), `<dbcnx password="@${fingerprintSecret(' @c2Vj')}"/>`);
    assert.equal(redact('<dbcnx password="\n  @"/>'), `<dbcnx password="@${fingerprintSecret('\n  @')}"/>`);
    // The parser leaves numeric references as they are: "&#64;c2Vj" does not start with "@" to the rule.
    assert.equal(redact('<dbcnx password="&#64;c2Vj"/>'), `<dbcnx password="${fingerprintSecret('@c2Vj')}"/>`);
  });

  it('withholds a file whose broken quoting cuts a secret in two, and the reason quotes none of it', () => {
    const result = redactContent('<serverconf><dbcnx password="Hunter"Secret2="x"/></serverconf>', redact);
    assert.ok('error' in result);
    assert.ok(!result.error.includes('Hunter') && !result.error.includes('Secret2'), result.error);
  });

  it('takes a name that ends like a secret for one (an old password is a password), and only then', () => {
    assert.equal(redact('<dbcnx oldpassword="gone"/>'), `<dbcnx oldpassword="${fingerprintSecret('gone')}"/>`);
    assert.equal(redact('<dbcnx password2="keep" passwordHint="keep"/>'), '<dbcnx password2="keep" passwordHint="keep"/>');
  });

  it("keeps the security zone rights allowEmptyPassword and allowUserPassword: documented Booleans that zones/public-rights reads", () => {
    const zone = '<securityZone name="lan" allowEmptyPassword="true" allowUserPassword="false" userPassword="x"/>';
    assert.equal(redact(zone), `<securityZone name="lan" allowEmptyPassword="true" allowUserPassword="false" userPassword="${fingerprintSecret('x')}"/>`);
    assert.equal(redact('<securityZone x:allowEmptyPassword="true"/>'), '<securityZone x:allowEmptyPassword="true"/>');
  });
});
