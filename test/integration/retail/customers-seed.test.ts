import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, seedCustomers } from '../../../scripts/seed/customers';
import { customerAddresses, customers } from '../../../db/schema';
import { testDb } from '../../harness/db';
import { seedWorkspace } from '../../harness/tenants';

describe('seedCustomers', () => {
  it('creates three Buenos Aires customers with E.164 phones and addresses, and a second run adds nothing', async () => {
    const ws = await seedWorkspace('Seed customers');
    const first = await seedCustomers(testDb(), ws.id);
    expect(first.created).toBe(3);
    const rows = await testDb().select().from(customers).where(eq(customers.workspaceId, ws.id));
    expect(rows.map((r) => r.phone).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.phone).sort());
    expect(rows.every((r) => /^\+54911\d{8}$/.test(r.phone!))).toBe(true);
    const addresses = await testDb().select().from(customerAddresses).where(eq(customerAddresses.workspaceId, ws.id));
    expect(addresses).toHaveLength(4);
    expect(addresses.filter((a) => a.isDefault)).toHaveLength(3);

    const second = await seedCustomers(testDb(), ws.id);
    expect(second).toEqual({ created: 0, customerIds: first.customerIds });
    expect(await testDb().select().from(customers).where(eq(customers.workspaceId, ws.id))).toHaveLength(3);
  });
});
