/**
 * Orders for tests of modules that only read or point at orders (customers, payments,
 * attachments): rows inserted straight into `orders`, numbered by the orders module's
 * `nextOrderNumber` like real ones, without items or stock. Tests of the order lifecycle use its API instead.
 */
import { newId } from '../../db/ids';
import { orders, type OrderStatus } from '../../db/schema';
import { nextOrderNumber } from '../../workers/retail/orders/create';
import { testDb } from './db';

export interface TestOrderInput {
  customerId?: string | null;
  status?: OrderStatus;
  /** Minor units; also the subtotal. */
  total?: number;
  currency?: string;
  createdAt?: Date;
}

export async function insertOrder(workspaceId: string, input: TestOrderInput = {}) {
  const db = testDb();
  const total = input.total ?? 100_000;
  const [row] = await db
    .insert(orders)
    .values({
      id: newId('ord'),
      workspaceId,
      number: await nextOrderNumber(db, workspaceId),
      customerId: input.customerId ?? null,
      status: input.status ?? 'PENDING',
      subtotal: total,
      total,
      currency: input.currency ?? 'ARS',
      source: 'DASHBOARD',
      createdByType: 'system',
      ...(input.createdAt ? { createdAt: input.createdAt, updatedAt: input.createdAt } : {}),
    })
    .returning();
  return row!;
}
