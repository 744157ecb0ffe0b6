import { z } from 'zod';
import { draftFacts, ensureDraft, fromFailure, toDraftView, type DraftView } from './draft';
import type { AgentTool } from './types';

const Input = z.strictObject({});
type Input = z.output<typeof Input>;

export const createOrderDraft: AgentTool<Input, { draft: DraftView; created: boolean }> = {
  name: 'create_order_draft',
  description:
    'Open an order draft for this customer. Returns the existing draft when one is open (calling it twice is harmless). ' +
    'Usually not needed: add_item_to_draft opens the draft itself.',
  input: Input,
  allowedStates: ['IDLE', 'COLLECTING_ORDER', 'NEEDS_DETAILS', 'AWAITING_CONFIRMATION', 'DONE'],
  async run(deps, ctx) {
    const draft = await ensureDraft(deps, ctx);
    if (!draft.ok) return fromFailure(draft);
    const view = toDraftView(draft.value.order);
    const effects = { draftOrderId: view.orderId, draftFacts: draftFacts(view) };
    if (!draft.value.created) return { ok: true, data: { draft: view, created: false }, effects };
    return { ok: true, data: { draft: view, created: true }, event: 'DRAFT_STARTED', effects };
  },
};
