import { z } from 'zod';
import { ok } from '../../core/result';
import { addItem } from '../../retail/orders';
import { getProduct, resolveVariantBySku } from '../../retail/products';
import {
  agentActor,
  draftFacts,
  ensureDraft,
  fromFailure,
  inTransaction,
  toDraftView,
  toolError,
  type DraftView,
} from './draft';
import type { AgentTool, ToolDeps, ToolContext } from './types';

const Input = z.strictObject({
  sku: z.string().trim().min(1).max(64).describe('SKU of the variant, exactly as list_products returned it'),
  quantity: z.number().int().min(1).max(50).describe('Units to add (1..50)'),
});
type Input = z.output<typeof Input>;

/** Other variants of the product with units available: what to offer when the one asked for is short. */
async function alternatives(deps: ToolDeps, ctx: ToolContext, productId: string, sku: string) {
  const product = await getProduct({ db: deps.db }, { workspaceId: ctx.workspaceId, productId });
  if (!product.ok) return [];
  return product.value.variants
    .filter((v) => v.sku !== sku && v.status === 'ACTIVE' && v.stock.available > 0)
    .map((v) => ({ sku: v.sku, attributes: v.attributes, price: v.price, available: v.stock.available }));
}

export const addItemToDraft: AgentTool<
  Input,
  { draft: DraftView; added: { sku: string; name: string; quantity: number; lineQuantity: number } }
> = {
  name: 'add_item_to_draft',
  description:
    'Add units of one variant (by SKU from list_products) to the customer order draft, opening the draft if needed. ' +
    'Adding a SKU already in the draft increases its quantity. The units are held for the customer while the draft is open. ' +
    'Fails with INSUFFICIENT_STOCK (details: units available and in-stock alternatives of the same product) or PRODUCT_NOT_FOUND.',
  input: Input,
  allowedStates: ['IDLE', 'COLLECTING_ORDER', 'NEEDS_DETAILS', 'AWAITING_CONFIRMATION', 'DONE'],
  async run(deps, ctx, input) {
    const found = await resolveVariantBySku({ db: deps.db }, { workspaceId: ctx.workspaceId, sku: input.sku });
    if (!found.ok) {
      return toolError('PRODUCT_NOT_FOUND', `No product with SKU ${input.sku}; use list_products to find SKUs.`, {
        sku: input.sku,
      });
    }
    const { product, variant } = found.value;
    if (product.status !== 'ACTIVE' || variant.status !== 'ACTIVE') {
      return toolError('NOT_AVAILABLE', `${variant.sku} is not for sale.`, { sku: variant.sku });
    }
    const result = await inTransaction(deps, async (tx) => {
      const draft = await ensureDraft(tx, ctx);
      if (!draft.ok) return draft;
      const inDraft = draft.value.order.items.find((i) => i.variantId === variant.id)?.quantity ?? 0;
      const lineQuantity = inDraft + input.quantity;
      const added = await addItem(
        { db: tx.db },
        {
          workspaceId: ctx.workspaceId,
          actor: agentActor(ctx),
          orderId: draft.value.order.id,
          variantId: variant.id,
          quantity: lineQuantity,
        },
      );
      if (!added.ok) return { ...added, details: { ...added.details, inDraft } };
      return ok({ order: added.value, created: draft.value.created, lineQuantity });
    });
    if (!result.ok) {
      if (result.error !== 'INSUFFICIENT_STOCK') return fromFailure(result);
      const inDraft = Number(result.details?.inDraft ?? 0);
      const total = Number(result.details?.available ?? 0);
      return toolError(
        'INSUFFICIENT_STOCK',
        `Only ${Math.max(0, total - inDraft)} more units of ${variant.sku} are available.`,
        {
          sku: variant.sku,
          name: product.name,
          attributes: variant.attributes,
          requested: input.quantity,
          available: Math.max(0, total - inDraft),
          inDraft,
          alternatives: await alternatives(deps, ctx, product.id, variant.sku),
        },
      );
    }
    const draft = toDraftView(result.value.order);
    return {
      ok: true,
      data: {
        draft,
        added: {
          sku: variant.sku,
          name: product.name,
          quantity: input.quantity,
          lineQuantity: result.value.lineQuantity,
        },
      },
      ...(result.value.created
        ? { event: 'DRAFT_STARTED' as const, events: ['ITEMS_CHANGED' as const] }
        : { event: 'ITEMS_CHANGED' as const }),
      effects: { draftOrderId: draft.orderId, draftFacts: draftFacts(draft) },
    };
  },
};
