/**
 * Demo orders in every state the dashboard shows: delivered and paid, shipped, confirmed with a
 * partial payment, a draft holding stock, and a cancelled one. Built with the same order and
 * payment functions as the API (stock is really sold or held, history and audit are written).
 * Idempotent: a workspace that already has orders gets none.
 */
import { count, eq } from 'drizzle-orm';
import type { Actor } from '../../workers/core/audit/record';
import {
  addItem,
  cancelOrder,
  confirmOrder,
  createDraftOrder,
  deliverOrder,
  shipOrder,
} from '../../workers/retail/orders';
import { registerPayment } from '../../workers/retail/payments/payments';
import { resolveVariantBySku } from '../../workers/retail/products/variants';
import type { Database } from '../../db/client';
import type { DeliveryDetails } from '../../db/schema';
import { orders } from '../../db/schema';

type Step = 'DRAFT' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

interface DemoOrder {
  customerIndex: number;
  lines: Array<[sku: string, quantity: number]>;
  delivery: DeliveryDetails;
  status: Step;
  /** Confirmed payment as a share of the total (0..1). */
  paid: number;
}

const pickup: DeliveryDetails = { method: 'PICKUP', recipientName: 'Retira en el local' };
const palermo: DeliveryDetails = {
  method: 'DELIVERY',
  recipientName: 'Lucía Fernández',
  address: { street: 'Gurruchaga', number: '1850', apartment: '3B', city: 'CABA', province: 'Buenos Aires' },
  schedule: 'Por la tarde',
};

export const DEMO_ORDERS: DemoOrder[] = [
  {
    customerIndex: 0,
    lines: [
      ['REM-BAS-NEG-M', 2],
      ['JEA-MOM-CEL-38', 1],
    ],
    delivery: palermo,
    status: 'DELIVERED',
    paid: 1,
  },
  { customerIndex: 1, lines: [['BUZ-CAN-GRM-L', 1]], delivery: palermo, status: 'SHIPPED', paid: 1 },
  {
    customerIndex: 2,
    lines: [
      ['VES-LIN-SAL-S', 1],
      ['GOR-TRU-NEG-U', 1],
    ],
    delivery: palermo,
    status: 'CONFIRMED',
    paid: 0.5,
  },
  { customerIndex: 0, lines: [['REM-BAS-BLA-L', 1]], delivery: pickup, status: 'DRAFT', paid: 0 },
  { customerIndex: 1, lines: [['ZAP-RUN-NEG-42', 1]], delivery: pickup, status: 'CANCELLED', paid: 0 },
];

const SEED_ACTOR: Actor = { type: 'system' };

export async function seedOrders(
  db: Database,
  workspaceId: string,
  customerIds: string[],
): Promise<{ created: number }> {
  const [existing] = await db.select({ n: count() }).from(orders).where(eq(orders.workspaceId, workspaceId));
  if ((existing?.n ?? 0) > 0 || customerIds.length === 0) return { created: 0 };
  let created = 0;
  for (const demo of DEMO_ORDERS) {
    const order = must(
      await createDraftOrder(
        { db },
        {
          workspaceId,
          actor: SEED_ACTOR,
          customerId: customerIds[demo.customerIndex % customerIds.length],
          delivery: demo.delivery,
          source: 'DASHBOARD',
        },
      ),
    );
    for (const [sku, quantity] of demo.lines) {
      const variant = await resolveVariantBySku({ db }, { workspaceId, sku });
      if (!variant.ok) throw new Error(`seed: demo SKU ${sku} is missing from the catalogue`);
      must(
        await addItem(
          { db },
          { workspaceId, actor: SEED_ACTOR, orderId: order.id, variantId: variant.value.variant.id, quantity },
        ),
      );
    }
    const ref = { workspaceId, actor: SEED_ACTOR, orderId: order.id };
    if (demo.status !== 'DRAFT') {
      const confirmed = must(await confirmOrder({ db }, ref));
      if (demo.paid > 0) {
        must(
          await registerPayment(
            { db },
            {
              ...ref,
              method: 'TRANSFER',
              amount: Math.round(confirmed.total * demo.paid),
              reference: `DEMO-${confirmed.number}`,
            },
          ),
        );
      }
    }
    // A pickup order is handed over at the shop: it goes CONFIRMED → DELIVERED without shipping.
    const shipped = demo.delivery.method !== 'PICKUP';
    if (shipped && (demo.status === 'SHIPPED' || demo.status === 'DELIVERED')) must(await shipOrder({ db }, ref));
    if (demo.status === 'DELIVERED') must(await deliverOrder({ db }, ref));
    if (demo.status === 'CANCELLED') must(await cancelOrder({ db }, { ...ref, reason: 'El cliente se arrepintió' }));
    created += 1;
  }
  return { created };
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: string; message?: string }): T {
  if (!result.ok) throw new Error(`seed: ${result.error} ${result.message ?? ''}`);
  return result.value;
}
