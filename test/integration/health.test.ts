import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('health', () => {
  it('GET /health answers ok without touching the database', async () => {
    const res = await exports.default.fetch('http://nexova.test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('GET /health/ready runs SELECT 1 against PostgreSQL', async () => {
    const res = await exports.default.fetch('http://nexova.test/health/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });
});
