import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../workers/core/observability/logger';
import { fetchWithEnv } from '../harness/api';

const SENTRY_HOST = 'o0.ingest.sentry.test';
const DSN = `https://publickey@${SENTRY_HOST}/42`;

/** Sentry's ingest at the HTTP boundary: envelopes posted to the DSN's host are recorded and accepted. */
function fakeSentry() {
  const envelopes: string[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).host !== SENTRY_HOST) return realFetch(input, init);
    envelopes.push(await request.text());
    return new Response('{}', { status: 200 });
  });
  return envelopes;
}

/** A request that fails unexpectedly: its database cannot be reached mid-login (a 500). */
const failingLogin = (sentryDsn: string | undefined) =>
  fetchWithEnv(
    '/api/v1/auth/login',
    {
      ...env,
      SENTRY_DSN: sentryDsn,
      HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://nexova:x@127.0.0.1:1/nexova' },
    },
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'cf-connecting-ip': `198.51.100.${Math.floor(Math.random() * 250)}`,
      },
      body: JSON.stringify({ email: `sentry-${crypto.randomUUID()}@example.test`, password: 'not-the-password-1' }),
    },
  );

describe('Sentry', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setLogSink(undefined);
  });

  it('reports an unexpected error to the DSN when SENTRY_DSN is set', async () => {
    setLogSink(() => {});
    const envelopes = fakeSentry();
    const res = await failingLogin(DSN);
    expect(res.status).toBe(500);
    const events = envelopes.filter((e) => e.includes('"type":"event"'));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toContain('"environment":"test"');
  });

  it('sends nothing anywhere without SENTRY_DSN: the same failure is only logged', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const envelopes = fakeSentry();
    const res = await failingLogin(undefined);
    expect(res.status).toBe(500);
    expect(envelopes).toEqual([]);
    expect(lines.some((l) => l.includes('"message":"unhandled error"'))).toBe(true);
  });
});
