import { Writable } from 'node:stream';
import pino from 'pino';
import { SECRET_LOG_PATHS, mask, redactUrl } from './mask';

describe('mask', () => {
  it.each([
    ['smaregi-access-token-abcd', '••••••••abcd'],
    ['123456789012', '••••••••9012'],
    ['12345678901', '••••••••'],
    ['abc', '••••••••'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    ['トークンのひみつ🔑🔑🔑🔑', '••••••••🔑🔑🔑🔑'],
  ])('masks %j as %j', (secret, masked) => {
    expect(mask(secret)).toBe(masked);
  });
});

describe('SECRET_LOG_PATHS', () => {
  function logged(obj: object): string {
    let out = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    pino({ redact: { paths: [...SECRET_LOG_PATHS] } }, sink).info(obj, 'message');
    return out;
  }

  it('keeps secrets out of a pino log line and the rest in', () => {
    const line = logged({
      req: {
        method: 'POST',
        url: '/api/links',
        headers: {
          cookie: 'regicam_session=SESSION1',
          authorization: 'Bearer BEARER1',
          x_access_token: 'SMAREGI1',
          'x-ubiregi-auth-token': 'UBIREGI1',
          'user-agent': 'jest',
        },
      },
      res: { statusCode: 200, headers: { 'set-cookie': 'regicam_session=SESSION2; HttpOnly' } },
      body: { contractId: 'c-1', accessToken: 'ACCESS1', refreshToken: 'REFRESH1', password: 'PASSWORD1' },
      request: { headers: { 'safie-api-key': 'SAFIE1', authorization: 'Basic CLIENT1' } },
      clientSecret: 'CLIENTSECRET1',
    });
    for (const secret of [
      'SESSION',
      'BEARER1',
      'SMAREGI1',
      'UBIREGI1',
      'ACCESS1',
      'REFRESH1',
      'PASSWORD1',
      'SAFIE1',
      'CLIENT',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('"contractId":"c-1"');
    expect(line).toContain('"user-agent":"jest"');
    expect(line).toContain('[Redacted]');
  });
});

describe('redactUrl', () => {
  it.each([
    ['/api/ubiregi/callback?code=SECRET&state=s1', '/api/ubiregi/callback?code=[Redacted]&state=[Redacted]'],
    ['/x?a=1&access_token=T&b=2#frag', '/x?a=1&access_token=[Redacted]&b=2#frag'],
    ['/x?Code=T', '/x?Code=[Redacted]'],
    ['/x?cameraId=c1&q=code', '/x?cameraId=c1&q=code'],
    ['/api/links', '/api/links'],
  ])('%s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});
