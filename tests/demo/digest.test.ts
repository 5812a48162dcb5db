/** The pure digest helpers behind /arawman: ast_parse_digest()'s rules and the expected response. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  challengeHeader,
  expectedResponse,
  parseDigest,
  responseMatches,
  scanHex,
} from '../../electron/demo/digest';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const CURL =
  'Digest username="admin", realm="ajamtest", nonce="53714d15", uri="/asterisk/arawman?action=Ping&ActionID=dg-1", ' +
  'cnonce="ZGYyYjVkYzc3M2RhOWM3ODFiNDIxOTlmMWEwNTMwYzU=", nc=00000001, qop=auth, ' +
  'response="2cddd93491bf91d83dc410ca8e7d2a7d", opaque="53714d15", algorithm=MD5';

describe('digest', () => {
  it('accepts the header curl sent in capture 10b and computes the response Asterisk accepted', () => {
    const d = parseDigest(CURL);
    expect(d).toMatchObject({ username: 'admin', nonce: '53714d15', nc: '00000001', qop: true });
    const a1 = md5('admin:ajamtest:12345');
    const nonce = scanHex('53714d15') as number;
    expect(expectedResponse(a1, 'GET', d!, nonce)).toBe('2cddd93491bf91d83dc410ca8e7d2a7d');
    expect(responseMatches('2CDDD93491BF91D83DC410CA8E7D2A7D', '2cddd93491bf91d83dc410ca8e7d2a7d')).toBe(
      true,
    );
  });

  it('rejects what ast_parse_digest rejects', () => {
    expect(parseDigest('Basic YWRtaW46MTIzNDU=')).toBeNull();
    expect(parseDigest(CURL.replace('algorithm=MD5', 'algorithm=SHA-256'))).toBeNull();
    expect(parseDigest(CURL.replace(/cnonce="[^"]*", /, ''))).toBeNull();
    expect(parseDigest(CURL.replace('nc=00000001', 'nc=zz'))).toBeNull();
    expect(parseDigest(CURL.replace('realm="ajamtest", ', ''))).toBeNull();
  });

  it('without qop it expects the RFC 2069 form', () => {
    const d = parseDigest(CURL.replace('qop=auth, ', ''));
    const a1 = md5('admin:ajamtest:12345');
    const a2 = md5('GET:/asterisk/arawman?action=Ping&ActionID=dg-1');
    expect(expectedResponse(a1, 'GET', d!, 0x53714d15)).toBe(md5(`${a1}:53714d15:${a2}`));
  });

  it('challenges with nonce = opaque as 8 hex digits, stale when asked', () => {
    expect(challengeHeader('ajamtest', 0x383769a, false)).toBe(
      'WWW-authenticate: Digest algorithm=MD5, realm="ajamtest", nonce="0383769a", qop="auth", opaque="0383769a"\r\n',
    );
    expect(challengeHeader('ajamtest', 1, true)).toMatch(/opaque="00000001", stale=true\r\n$/);
  });
});
