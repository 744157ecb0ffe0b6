import { z } from 'zod';
import { setItemQuantity } from '../../retail/orders';
import { normaliseSku } from '../../retail/products';
import {
  agentActor,
  draftFacts,
  findDraft,
  fromFailure,
  NO_DRAFT,
  ORDERING_STATES,
  toDraftView,
  toolError,
  type DraftView,
} from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({
  sku: z.string().trim().min(1).max(64).describe('SKU of a line already in the draft'),
  quantity: z.number().int().min(0).max(50).describe('The new quantity of that line (0..50); 0 removes the line'),
});
type Input = z.output<typeof Input>;

export const updateDraftItem: AgentTool<
  Input,
  {
    draft: DraftView;
    removed: boolean;
    /** The line as it was before the change. */
    line: { sku: string; name: string; attributes: Record<string, string>; quantity: number };
  }
> = {
  name: 'update_draft_item',
  description:
    'Change the quantity of a line already in the draft, or remove it with quantity 0 ("sacá el buzo"). ' +
    'To change a talle or color, add the new variant with add_item_to_draft and then set the old SKU to 0. ' +
    'Fails with LINE_NOT_FOUND (details: the SKUs in the draft) or INSUFFICIENT_STOCK.',
  input: Input,
  allowedStates: ORDERING_STATES,
  async run(deps, ctx, input) {
    const draft = await findDraft(deps, ctx);
    if (!draft) return NO_DRAFT();
    const sku = normaliseSku(input.sku);
    const line = draft.items.find((i) => i.sku === sku);
    if (!line) {
      return toolError('LINE_NOT_FOUND', `The draft has no line with SKU ${sku}.`, {
        skus: draft.items.map((i) => i.sku),
      });
    }
    const changed = await setItemQuantity(
      { db: deps.db },
      {
        workspaceId: ctx.workspaceId,
        actor: agentActor(ctx),
        orderId: draft.id,
        itemId: line.id,
        quantity: input.quantity,
      },
    );
    if (!changed.ok) return fromFailure(changed);
    const view = toDraftView(changed.value);
    return {
      ok: true,
      data: {
        draft: view,
        removed: input.quantity === 0,
        line: { sku: line.sku, name: line.name, attributes: line.attributes, quantity: line.quantity },
      },
      event: 'ITEMS_CHANGED',
      effects: { draftOrderId: view.orderId, draftFacts: draftFacts(view) },
    };
  },
};
