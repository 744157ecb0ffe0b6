import { beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone } from '../../../workers/retail/customers/phone';
import { api } from '../../harness/api';
import { seedTenants, type Tenants } from '../../harness/tenants';

describe('normalisePhone', () => {
  it.each([
    ['11 5555-1234', 'national writing without the mobile 9'],
    ['+54 9 11 5555 1234', 'international mobile writing'],
    ['5491155551234', 'WhatsApp sender digits'],
    ['+5491155551234', 'E.164'],
    ['+54 11 5555 1234', 'international writing without the 9'],
    ['011 15 5555-1234', 'the old trunk 0 and 15 prefix'],
    ['(011) 15-5555-1234', 'punctuated old writing'],
  ])('reads %s (%s) as +5491155551234', (raw) => {
    expect(normalisePhone(raw)).toBe('+5491155551234');
  });

  it('adds the mobile 9 to numbers outside Buenos Aires too', () => {
    expect(normalisePhone('0351 15 123-4567')).toBe('+5493511234567');
    expect(normalisePhone('351 123 4567')).toBe('+5493511234567');
  });

  it('keeps foreign numbers as they are in E.164', () => {
    expect(normalisePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalisePhone('+34 612 34 56 78')).toBe('+34612345678');
  });

  it.each(['', 'abc', '12', '+54 9 11 5555', 'x'.repeat(50)])('rejects %j', (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });
});

describe('GET /api/v1/customers/by-phone/:phone', () => {
  let t: Tenants;
  let customerId: string;
  beforeAll(async () => {
    t = await seedTenants();
    const res = await api('/api/v1/customers', {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      body: { name: 'Martina López', phone: '+54 9 11 5555 1234' },
    });
    expect(res.status).toBe(201);
    customerId = res.body.id;
  });

  const byPhone = (phone: string, who: 'a' | 'b' = 'a') =>
    api(`/api/v1/customers/by-phone/${encodeURIComponent(phone)}`, {
      token: who === 'a' ? t.a.viewer.token : t.b.owner.token,
      workspaceId: who === 'a' ? t.a.id : t.b.id,
    });

  it.each(['11 5555-1234', '+54 9 11 5555 1234', '5491155551234', '+54 11 5555-1234'])(
    'finds the customer when the phone is written %s',
    async (written) => {
      const res = await byPhone(written);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: customerId, phone: '+5491155551234', name: 'Martina López' });
    },
  );

  it('answers 404 for a valid phone no customer has', async () => {
    const res = await byPhone('11 4444-0000');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 400 for something that is not a phone number', async () => {
    const res = await byPhone('not-a-phone');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('phone') });
  });

  it('answers 404 to another workspace asking for the same phone', async () => {
    expect((await byPhone('5491155551234', 'b')).status).toBe(404);
  });
});
