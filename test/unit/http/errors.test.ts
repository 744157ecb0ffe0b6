import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES, statusOf } from '../../../workers/http/errors';
import { newApp } from '../../../workers/http/app';
import { log, setLogSink } from '../../../workers/core/observability/logger';

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  setLogSink((l) => lines.push(l));
});
afterEach(() => setLogSink(undefined));

function appThatThrows(error: Error) {
  const app = newApp();
  app.use('*', async (c, next) => {
    c.set('requestId', 'req_test');
    c.set('logger', log);
    await next();
  });
  app.get('/boom', () => {
    throw error;
  });
  return app;
}

describe('error handling', () => {
  it('maps every error code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
    expect(statusOf('RATE_LIMITED')).toBe(429);
    expect(statusOf('VALIDATION_FAILED')).toBe(400);
  });

  it('answers an ApiError with its status, code, message and headers', async () => {
    const res = await appThatThrows(
      new ApiError('RATE_LIMITED', 'Slow down', undefined, { 'Retry-After': '7' }),
    ).request('/boom');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down', requestId: 'req_test' } });
  });

  it('answers an unexpected error with a generic 500 and logs the cause without leaking it', async () => {
    const res = await appThatThrows(new Error('connection to db-host:5432 failed')).request('/boom');
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal error', requestId: 'req_test' } });
    expect(JSON.stringify(body)).not.toContain('db-host');
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'unhandled error');
    expect(logged?.error?.message).toContain('db-host');
  });
});
