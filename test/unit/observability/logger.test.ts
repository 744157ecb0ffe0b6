import { describe, expect, it } from 'vitest';
import { createLogger, redact, REDACTED } from '../../../workers/core/observability/logger';
import { runWithContext } from '../../../workers/core/observability/context';

describe('redact', () => {
  it('hides values of secret-looking keys at any depth', () => {
    const out = redact({
      email: 'a@b.c',
      password: 'hunter22',
      nested: { refreshToken: 'abc', apiKey: 'k', list: [{ authorization: 'Bearer x' }] },
      headers: { cookie: 'sid=1', 'x-hub-signature-256': 'sha256=00' },
    });
    expect(out).toEqual({
      email: 'a@b.c',
      password: REDACTED,
      nested: { refreshToken: REDACTED, apiKey: REDACTED, list: [{ authorization: REDACTED }] },
      headers: { cookie: REDACTED, 'x-hub-signature-256': REDACTED },
    });
  });

  it('masks JWTs and bearer credentials inside free text', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl';
    expect(redact(`token ${jwt} seen`)).toBe(`token ${REDACTED} seen`);
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('keeps error name and message but redacts secrets in the message', () => {
    const out = redact(new Error('bad eyJhbGciOiJI.eyJzdWIiOiIx.sig')) as { name: string; message: string };
    expect(out.name).toBe('Error');
    expect(out.message).toBe(`bad ${REDACTED}`);
  });
});

describe('createLogger', () => {
  it('writes one JSON line with level, message, the request context and redacted fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (l) => lines.push(l), level: 'info' });
    runWithContext({ requestId: 'req_1', workspaceId: 'ws_1', userId: 'usr_1' }, () => {
      logger.debug('hidden');
      logger.info('login', { email: 'a@b.c', password: 'secret-pass' });
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'info',
      message: 'login',
      requestId: 'req_1',
      workspaceId: 'ws_1',
      userId: 'usr_1',
      email: 'a@b.c',
      password: REDACTED,
    });
    expect(lines[0]).not.toContain('secret-pass');
  });
});
