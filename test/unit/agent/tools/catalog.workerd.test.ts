import { beforeAll, describe, expect, it } from 'vitest';
import { updateProduct } from '../../../../workers/retail/products';
import type { ListedProduct } from '../../../../workers/agent/tools/list-products';
import { testDb } from '../../../harness/db';
import { Chat, dataOf, errorOf, openShop, type Shop } from './fixture';

let shop: Shop;
beforeAll(async () => {
  shop = await openShop();
});

const products = (outcome: Parameters<typeof dataOf>[0]) => dataOf<{ products: ListedProduct[] }>(outcome).products;

describe('list_products', () => {
  it('finds remeras with real prices in centavos and the units each variant has available', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome, status } = await chat.call('list_products', { query: 'remeras' });
    expect(status).toBe('OK');
    const found = products(outcome);
    expect(found.map((p) => p.name).sort()).toEqual(['Remera básica de algodón', 'Remera oversize estampada']);
    const basic = found.find((p) => p.name === 'Remera básica de algodón')!;
    expect(basic.price).toBe(22_900_00);
    expect(basic.variants.find((v) => v.sku === 'REM-BAS-NEG-M')).toEqual({
      sku: 'REM-BAS-NEG-M',
      attributes: { talle: 'M', color: 'Negro' },
      price: 22_900_00,
      available: 14,
    });
    // The XL carries its own price.
    expect(basic.variants.find((v) => v.sku === 'REM-BAS-NEG-XL')!.price).toBe(24_900_00);
  });

  it('narrows "remeras negras talle M" to the black M variant, the words the catalogue text lacks acting on attributes', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const found = products((await chat.call('list_products', { query: 'remeras negras talle M' })).outcome);
    expect(found).toHaveLength(2);
    const basic = found.find((p) => p.name === 'Remera básica de algodón')!;
    expect(basic.variants.map((v) => v.sku)).toEqual(['REM-BAS-NEG-M']);
    // The oversize has no black: the colour is ignored for it, the talle still narrows.
    const oversize = found.find((p) => p.name === 'Remera oversize estampada')!;
    expect(oversize.variants.map((v) => v.sku)).toEqual(['REM-OVS-GRI-M']);
  });

  it('hides sold-out variants by default and shows them with inStockOnly false', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const inStock = products((await chat.call('list_products', { query: 'campera puffer' })).outcome);
    expect(inStock[0]!.variants.map((v) => v.sku)).not.toContain('CAM-PUF-BEI-S');
    const all = products((await chat.call('list_products', { query: 'campera puffer', inStockOnly: false })).outcome);
    expect(all[0]!.variants.find((v) => v.sku === 'CAM-PUF-BEI-S')!.available).toBe(0);
  });

  it('never lists a product that is not ACTIVE', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const [gorra] = products((await chat.call('list_products', { query: 'gorra' })).outcome);
    expect(gorra).toBeDefined();
    const archived = await updateProduct(
      { db: testDb() },
      {
        workspaceId: shop.workspaceId,
        actor: { type: 'system' },
        productId: gorra!.productId,
        changes: { status: 'ARCHIVED' },
      },
    );
    expect(archived.ok).toBe(true);
    expect(products((await chat.call('list_products', { query: 'gorra' })).outcome)).toEqual([]);
    await updateProduct(
      { db: testDb() },
      {
        workspaceId: shop.workspaceId,
        actor: { type: 'system' },
        productId: gorra!.productId,
        changes: { status: 'ACTIVE' },
      },
    );
  });

  it('filters by category and honours the limit', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const jeans = products((await chat.call('list_products', { category: 'jeans' })).outcome);
    expect(jeans.map((p) => p.category)).toEqual(['Jeans', 'Jeans']);
    expect(products((await chat.call('list_products', { limit: 3 })).outcome)).toHaveLength(3);
  });

  it("sees nothing of another workspace's catalogue", async () => {
    const other = await Chat.open(shop.tenants.b.id);
    expect(products((await other.call('list_products', { query: 'remeras' })).outcome)).toEqual([]);
  });

  it('is refused while a person owns the conversation (HANDOFF)', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('HANDOFF');
    const { outcome, status } = await chat.call('list_products', { query: 'remeras' });
    expect(status).toBe('NOT_ALLOWED');
    expect(errorOf(outcome).code).toBe('NOT_ALLOWED');
  });

  it('answers INVALID_INPUT for a limit over 10 or an unknown field', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const tooMany = await chat.call('list_products', { limit: 50 });
    expect(tooMany.status).toBe('INVALID_INPUT');
    expect(errorOf(tooMany.outcome).details!.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
    const unknown = await chat.call('list_products', { query: 'remeras', color: 'negro' });
    expect(unknown.status).toBe('INVALID_INPUT');
  });
});

describe('send_catalog', () => {
  it('sends an interactive list of in-stock products grouped by category, with prices in pesos', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome } = await chat.call('send_catalog', {});
    expect(dataOf<{ sent: number }>(outcome).sent).toBe(10);
    if (!outcome.ok) throw new Error('expected ok');
    const [message] = outcome.outbound!;
    expect(message!.type).toBe('list');
    if (message!.type !== 'list') throw new Error('expected a list');
    const rows = message!.sections.flatMap((s) => s.rows);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.title.length).toBeLessThanOrEqual(24);
      expect(row.description!.length).toBeLessThanOrEqual(72);
      expect(row.id).toMatch(/^product:prd_/);
    }
    expect(message!.button).toBe('Ver productos');
  });

  it('narrows to a category and writes the price as "$ 22.900"', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome } = await chat.call('send_catalog', { category: 'Remeras' });
    if (!outcome.ok || outcome.outbound?.[0]?.type !== 'list') throw new Error('expected a list');
    const list = outcome.outbound[0];
    expect(list.sections.map((s) => s.title)).toEqual(['Remeras']);
    const basic = list.sections[0]!.rows.find((r) => r.title.startsWith('Remera básica'))!;
    expect(basic.description).toBe('Desde $ 22.900 · S, M, L, XL · Negro, Blanco');
  });

  it('sends nothing when nothing matches', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome } = await chat.call('send_catalog', { query: 'bicicletas' });
    expect(dataOf(outcome)).toEqual({ sent: 0, products: [] });
    expect(outcome.ok && outcome.outbound).toBeFalsy();
  });

  it('is refused while a confirmation is executing', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('EXECUTING');
    expect((await chat.call('send_catalog', {})).status).toBe('NOT_ALLOWED');
  });

  it('refuses a numeric category as INVALID_INPUT', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('send_catalog', { category: 12 })).status).toBe('INVALID_INPUT');
  });
});

describe('get_customer_context', () => {
  it('returns the customer, no orders yet, and no open draft for a new WhatsApp contact', async () => {
    const chat = await Chat.open(shop.workspaceId, 'Lucía Gómez');
    const data = dataOf<Record<string, unknown>>((await chat.call('get_customer_context', {})).outcome);
    expect(data).toMatchObject({
      customer: { name: 'Lucía Gómez' },
      returning: false,
      addresses: [],
      recentOrders: [],
      openDraft: null,
    });
  });

  it('shows the open draft once an item was added', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'MED-ALG-SUR-41-45', quantity: 1 });
    const data = dataOf<{ openDraft: { orderId: string } | null }>(
      (await chat.in('COLLECTING_ORDER').call('get_customer_context', {})).outcome,
    );
    expect(data.openDraft?.orderId).toBe(chat.ctx.draftOrderId);
  });

  it('answers NO_CUSTOMER before the customer is identified', async () => {
    const chat = await Chat.open(shop.workspaceId);
    chat.ctx = { ...chat.ctx, customerId: null };
    const { outcome, status, failed } = await chat.call('get_customer_context', {});
    expect(errorOf(outcome).code).toBe('NO_CUSTOMER');
    expect(status).toBe('ERROR');
    expect(failed).toBe(false);
  });

  it('refuses input it does not take, and the HANDOFF state', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('get_customer_context', { customerId: 'cus_x' })).status).toBe('INVALID_INPUT');
    expect((await chat.in('HANDOFF').call('get_customer_context', {})).status).toBe('NOT_ALLOWED');
  });
});
