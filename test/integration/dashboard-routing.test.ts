import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_STUB_BODY } from '../harness/dashboard-build-stub';

const get = (path: string) => exports.default.fetch(`http://nexova.test${path}`);

describe('Worker entry: API and dashboard share one origin', () => {
  it.each(['/', '/login', '/orders/ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', '/apiary', '/healthy'])(
    'GET %s reaches the dashboard handler',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-dashboard-stub')).toBe('1');
      expect(await res.text()).toBe(DASHBOARD_STUB_BODY);
    },
  );

  it.each(['/api/v1/no-such-route', '/api/unknown', '/health/nope', '/.well-known/nope'])(
    'GET %s is answered by the API, never the dashboard',
    async (path) => {
      const res = await get(path);
      expect(res.headers.get('x-dashboard-stub')).toBeNull();
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    },
  );

  it('GET /health stays the API health check', async () => {
    const res = await get('/health');
    expect(res.headers.get('x-dashboard-stub')).toBeNull();
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
