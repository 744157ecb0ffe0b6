import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../workers/core/observability/logger';
import { api, fetchWithEnv } from '../harness/api';

let lines: Array<Record<string, unknown>> = [];
beforeEach(() => {
  lines = [];
  setLogSink((line) => lines.push(JSON.parse(line)));
});
afterEach(() => setLogSink(undefined));

// Only this test's requests: the sink is the whole isolate's, shared with whatever else the run
// has in flight (a webhook a sandbox posts back, an object's alarm).
const requestLines = (requestId: string | null) =>
  lines.filter((l) => l.message === 'request' && l.requestId === requestId);

describe('request logging and request ids', () => {
  it('writes one JSON line per request with method, route, status, duration and the request id', async () => {
    const res = await api('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(requestLines('abc-123')).toHaveLength(1);
    const line = requestLines('abc-123')[0]!;
    expect(line).toMatchObject({ level: 'info', requestId: 'abc-123', method: 'GET', route: '/health', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(Date.parse(String(line.time))).not.toBeNaN();
  });

  it('replaces a malformed x-request-id with a generated one', async () => {
    const res = await api('/health', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^req_[0-9A-Z]{26}$/);
    expect(requestLines(id)).toHaveLength(1);
  });

  it('logs unmatched paths as "unmatched" and answers 404 in the error format', async () => {
    const res = await api('/api/v1/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'No route for GET /api/v1/does-not-exist',
        requestId: res.headers.get('x-request-id'),
      },
    });
    expect(requestLines(res.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ route: 'unmatched', status: 404 }),
    ]);
  });
});

describe('metrics', () => {
  it('counts requests and durations in the Prometheus text view outside production', async () => {
    await api('/health');
    const res = await api('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toMatch(/^http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]\d*$/m);
    expect(res.body).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/health"\} [1-9]\d*$/m);
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('hides /metrics in production', async () => {
    const res = await fetchWithEnv('/metrics', { ...env, ENVIRONMENT: 'production' });
    expect(res.status).toBe(404);
  });
});

describe('readiness', () => {
  it('answers 503 when the database is unreachable, and liveness stays 200', async () => {
    const downEnv = {
      ...env,
      HYPERDRIVE: { ...env.HYPERDRIVE, connectionString: 'postgres://nexova:x@127.0.0.1:1/nexova' },
    };
    const call = (path: string) => fetchWithEnv(path, downEnv);
    const ready = await call('/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable' } });
    expect((await call('/health')).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document describing the routes and the error schema', async () => {
    const res = await api('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/health/ready');
    expect(res.body.components.schemas.Error).toBeDefined();
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the interactive reference at /api/docs', async () => {
    const res = await api('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(String(res.body)).toContain('/api/openapi.json');
  });
});
