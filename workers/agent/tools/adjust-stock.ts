import { z } from 'zod';
import { resolveVariantBySku } from '../../retail/products';
import { adjustStock as adjustRetailStock } from '../../retail/stock';
import { agentActor, fromFailure, TALKING_STATES, toolError } from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'delta must not be 0')
    .describe('Units to add (positive) or remove (negative)'),
  reason: z.string().trim().min(1).max(500).describe('Why, in words an operator understands'),
});
type Input = z.output<typeof Input>;

export const adjustStock: AgentTool<Input> = {
  name: 'adjust_stock',
  description:
    'Propose a change to the units on hand of a variant (e.g. the customer returns an item, a unit is damaged). ' +
    'It does not change stock by itself: an operator must approve it first; the result says it is pending approval.',
  input: Input,
  allowedStates: TALKING_STATES,
  requiresApproval: true,
  async run(deps, ctx, input) {
    const found = await resolveVariantBySku({ db: deps.db }, { workspaceId: ctx.workspaceId, sku: input.sku });
    if (!found.ok) return toolError('PRODUCT_NOT_FOUND', `No product with SKU ${input.sku}.`, { sku: input.sku });
    const adjusted = await adjustRetailStock(
      { db: deps.db },
      {
        workspaceId: ctx.workspaceId,
        actor: agentActor(ctx),
        variantId: found.value.variant.id,
        delta: input.delta,
        reason: 'ADJUSTMENT',
        note: input.reason,
      },
    );
    if (!adjusted.ok) return fromFailure(adjusted);
    return { ok: true, data: { sku: found.value.variant.sku, stock: adjusted.value.stock } };
  },
};
