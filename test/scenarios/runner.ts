/**
 * Evals: scripted customer conversations (`test/scenarios/*.json`) played through the simulate
 * endpoint against a fresh shop (the demo catalogue in a new workspace), then the end state is
 * checked: FSM state, owner/handoff, the order (status, lines, delivery), stock movements,
 * payments and receipts, and what the agent said. `npm test` plays each once with the offline
 * provider; `npm run eval` plays each k times against the configured provider.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { newId } from '../../db/ids';
import {
  agentTurns,
  attachments,
  customerAddresses,
  customers,
  orderItems,
  orders,
  payments,
  stockItems,
  workspaces,
} from '../../db/schema';
import { seedCatalog } from '../../scripts/seed/catalog';
import { addUsage, estimateCostMicroUsd } from '../../workers/agent/llm/pricing';
import type { LlmUsage } from '../../workers/agent/llm/provider';
import type { SimulateResponse } from '../../workers/http/routes/conversations/simulate';
import { api } from '../harness/api';
import { seedCustomer, stockOf } from '../harness/catalog';
import { sessionRow, variantIdOf } from '../harness/conversation';
import { testDb } from '../harness/db';
import { insertOrder } from '../harness/orders';
import { seedWorkspace } from '../harness/tenants';

export interface ScenarioTurn {
  text?: string;
  buttonId?: string;
  /** An image or PDF the customer sends, base64. */
  media?: { type: 'image' | 'document'; dataBase64: string; caption?: string; filename?: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}

export interface Scenario {
  name: string;
  description: string;
  /** Set up before the conversation. */
  setup?: {
    /** Workspace settings to merge over the defaults (`agent.paymentMethods`, `agent.shipping`, `businessHours`…). */
    settings?: Record<string, unknown>;
    /** Units on hand to set for these SKUs before the conversation (e.g. 0 for sold out). */
    stock?: Record<string, number>;
    /** The customer is known already: name, a default address and past orders. */
    returningCustomer?: {
      name: string;
      address: { street: string; number?: string; city: string; province?: string };
      pastOrders: number;
    };
  };
  turns: ScenarioTurn[];
  expect: {
    state: string;
    handoff: boolean;
    /** The conversation's order (the draft or the one it confirmed); `null`: none was opened. */
    order?: {
      status: string | string[];
      items: Array<{ sku: string; quantity: number }>;
      delivery?: { method: 'DELIVERY' | 'PICKUP'; recipientName?: string; city?: string };
    } | null;
    /** Change of on-hand and reserved units per SKU over the conversation. */
    stock?: Record<string, { onHand: number; reserved: number }>;
    payments?: Array<{ method: string; amount: number; status: string; receipts: number }>;
    /** Substrings (case-insensitive) that some reply of the agent must contain. */
    repliesInclude?: string[];
    /** Message types the agent must have sent at least once (`list`, `buttons`, …). */
    replyTypes?: string[];
    /** Only one customer record exists for the phone (a returning customer was recognised). */
    sameCustomer?: boolean;
  };
}

export interface ScenarioRun {
  scenario: string;
  passed: boolean;
  failures: string[];
  turns: number;
  usage: LlmUsage;
  /** Estimated cost in micro-dollars; null when a model has no known price. */
  costMicroUsd: number | null;
  models: string[];
}

const PHONE_BASE = 5491160000000;

/** Plays one scenario in a new workspace and checks its expectations; never throws for a failed expectation. */
export async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const failures: string[] = [];
  const shop = await seedWorkspace(`Eval ${scenario.name}`);
  await seedCatalog(testDb(), shop.id);
  const phone = `+${PHONE_BASE + Math.floor(Math.random() * 9_999_999)}`;
  if (scenario.setup?.settings) {
    const [row] = await testDb()
      .select({ settings: workspaces.settings })
      .from(workspaces)
      .where(eq(workspaces.id, shop.id));
    await testDb()
      .update(workspaces)
      .set({ settings: { ...row!.settings, ...scenario.setup.settings } as NonNullable<typeof row>['settings'] })
      .where(eq(workspaces.id, shop.id));
  }

  for (const [sku, onHand] of Object.entries(scenario.setup?.stock ?? {})) {
    await testDb()
      .update(stockItems)
      .set({ onHand })
      .where(eq(stockItems.variantId, await variantIdOf(shop.id, sku)));
  }
  const returning = scenario.setup?.returningCustomer;
  if (returning) await seedReturningCustomer(shop.id, phone, returning);

  const skus = Object.keys(scenario.expect.stock ?? {});
  const before = new Map(
    await Promise.all(skus.map(async (sku) => [sku, await stockOf(await variantIdOf(shop.id, sku))] as const)),
  );

  const replies: SimulateResponse['replies'] = [];
  const transcript: string[] = [];
  let last: SimulateResponse | null = null;
  for (const [i, turn] of scenario.turns.entries()) {
    const res = await api<SimulateResponse>('/api/v1/conversations/simulate', {
      token: shop.owner.token,
      workspaceId: shop.id,
      body: { customerPhone: phone, ...turn },
    });
    if (res.status !== 200) {
      failures.push(`turn ${i + 1}: simulate answered ${res.status} ${JSON.stringify(res.body)}`);
      break;
    }
    last = res.body;
    replies.push(...res.body.replies);
    transcript.push(`> ${turn.text ?? turn.buttonId ?? turn.media?.type ?? 'location'}`);
    for (const r of res.body.replies) transcript.push(`< ${JSON.stringify(r.message)}`);
  }

  const session = await sessionRow(shop.id, phone);
  const want = scenario.expect;
  if (!session || !last) failures.push('no conversation was recorded');
  else {
    if (session.state !== want.state) failures.push(`state: expected ${want.state}, got ${session.state}`);
    const handedOff = session.state === 'HANDOFF' || session.owner === 'human';
    if (handedOff !== want.handoff) failures.push(`handoff: expected ${want.handoff}, got ${handedOff}`);
    failures.push(...(await checkOrder(shop.id, session.customerId, session.draftOrderId, want.order)));
    failures.push(...(await checkPayments(shop.id, session.customerId, want.payments)));
  }
  for (const sku of skus) {
    const now = await stockOf(await variantIdOf(shop.id, sku));
    const was = before.get(sku)!;
    const delta = { onHand: now.onHand - was.onHand, reserved: now.reserved - was.reserved };
    const expected = want.stock![sku]!;
    if (delta.onHand !== expected.onHand || delta.reserved !== expected.reserved) {
      failures.push(`stock ${sku}: expected Δ${JSON.stringify(expected)}, got Δ${JSON.stringify(delta)}`);
    }
  }
  const said = replies.map((r) => JSON.stringify(r.message).toLowerCase());
  for (const needle of want.repliesInclude ?? []) {
    if (!said.some((text) => text.includes(needle.toLowerCase()))) failures.push(`no reply contains "${needle}"`);
  }
  for (const type of want.replyTypes ?? []) {
    if (!replies.some((r) => r.message.type === type)) failures.push(`no reply of type ${type}`);
  }
  if (want.sameCustomer) {
    const found = await testDb()
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.workspaceId, shop.id), eq(customers.phone, phone)));
    if (found.length !== 1) failures.push(`expected one customer for ${phone}, found ${found.length}`);
  }

  const turns = session ? await testDb().select().from(agentTurns).where(eq(agentTurns.sessionId, session.id)) : [];
  const usage = addUsage(
    ...turns.map((t) => ({
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheReadTokens: t.cacheReadTokens,
      cacheWriteTokens: t.cacheWriteTokens,
    })),
  );
  const costs = turns.map((t) =>
    estimateCostMicroUsd(t.provider === 'offline' ? 'offline' : (t.model ?? ''), {
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheReadTokens: t.cacheReadTokens,
      cacheWriteTokens: t.cacheWriteTokens,
    }),
  );
  // What was said, to read a failure without replaying it.
  if (failures.length) failures.push(`conversation:\n${transcript.join('\n')}`);
  return {
    scenario: scenario.name,
    passed: failures.length === 0,
    failures,
    turns: turns.length,
    usage,
    costMicroUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
    models: [...new Set(turns.map((t) => t.model ?? t.provider))],
  };
}

async function seedReturningCustomer(
  workspaceId: string,
  phone: string,
  customer: NonNullable<NonNullable<Scenario['setup']>['returningCustomer']>,
) {
  const { id } = await seedCustomer(workspaceId, { name: customer.name, phone });
  await testDb()
    .insert(customerAddresses)
    .values({
      id: newId('adr'),
      workspaceId,
      customerId: id,
      street: customer.address.street,
      number: customer.address.number ?? null,
      city: customer.address.city,
      province: customer.address.province ?? null,
      isDefault: true,
    });
  for (let i = 0; i < customer.pastOrders; i++) {
    await insertOrder(workspaceId, { customerId: id, status: 'DELIVERED', total: 22_900_00 });
  }
}

/** The conversation's order: its draft pointer, else the customer's newest order. */
async function conversationOrder(workspaceId: string, customerId: string | null, draftOrderId: string | null) {
  const db = testDb();
  if (draftOrderId) {
    const [order] = await db
      .select()
      .from(orders)
      .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, draftOrderId)));
    if (order) return order;
  }
  if (!customerId) return undefined;
  const [newest] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId), eq(orders.source, 'AGENT')))
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return newest;
}

async function checkOrder(
  workspaceId: string,
  customerId: string | null,
  draftOrderId: string | null,
  want: Scenario['expect']['order'],
): Promise<string[]> {
  if (want === undefined) return [];
  const order = await conversationOrder(workspaceId, customerId, draftOrderId);
  if (want === null)
    return order && order.createdByType === 'agent' ? [`expected no order, found ${order.status}`] : [];
  if (!order) return ['expected an order, found none'];
  const failures: string[] = [];
  const statuses = Array.isArray(want.status) ? want.status : [want.status];
  if (!statuses.includes(order.status))
    failures.push(`order status: expected ${statuses.join('|')}, got ${order.status}`);
  const lines = await testDb().select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const got = lines.map((l) => `${l.sku}×${l.quantity}`).sort();
  const expected = want.items.map((i) => `${i.sku}×${i.quantity}`).sort();
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    failures.push(`order items: expected ${expected.join(', ') || 'none'}, got ${got.join(', ') || 'none'}`);
  }
  if (want.delivery) {
    const d = order.delivery;
    if (d?.method !== want.delivery.method)
      failures.push(`delivery method: expected ${want.delivery.method}, got ${d?.method}`);
    if (want.delivery.recipientName && d?.recipientName !== want.delivery.recipientName) {
      failures.push(`recipient: expected ${want.delivery.recipientName}, got ${d?.recipientName}`);
    }
    if (want.delivery.city && d?.address?.city !== want.delivery.city) {
      failures.push(`city: expected ${want.delivery.city}, got ${d?.address?.city}`);
    }
  }
  return failures;
}

async function checkPayments(
  workspaceId: string,
  customerId: string | null,
  want: Scenario['expect']['payments'],
): Promise<string[]> {
  if (!want) return [];
  if (!customerId) return ['no customer to look payments up for'];
  const db = testDb();
  const theirOrders = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId)));
  const rows = theirOrders.length
    ? await db
        .select()
        .from(payments)
        .where(
          inArray(
            payments.orderId,
            theirOrders.map((o) => o.id),
          ),
        )
    : [];
  const got = await Promise.all(
    rows.map(async (p) => {
      const files = await db.select().from(attachments).where(eq(attachments.paymentId, p.id));
      return `${p.method} ${p.amount} ${p.status} receipts:${files.length}`;
    }),
  );
  const expected = want.map((p) => `${p.method} ${p.amount} ${p.status} receipts:${p.receipts}`);
  return JSON.stringify(got.sort()) === JSON.stringify(expected.sort())
    ? []
    : [`payments: expected [${expected.join('; ')}], got [${got.join('; ')}]`];
}

/** Every scenario file, by name. */
export function loadScenarios(): Scenario[] {
  const files = import.meta.glob<Scenario>('./*.json', { eager: true, import: 'default' });
  return Object.values(files).sort((a, b) => a.name.localeCompare(b.name));
}
