import { z } from 'zod';
import { setDeliveryDetails as setOrderDelivery } from '../../retail/orders';
import {
  agentActor,
  draftFacts,
  findDraft,
  fromFailure,
  NO_DRAFT,
  ORDERING_STATES,
  toDraftView,
  type DraftView,
} from './draft';
import type { AgentTool } from './types';

const Text = (max: number) => z.string().trim().min(1).max(max);

const Input = z
  .strictObject({
    method: z.enum(['DELIVERY', 'PICKUP']).describe('DELIVERY (envío) or PICKUP (retiro en el local)'),
    recipientName: Text(120).describe('Who receives or picks up the order'),
    phone: Text(40).optional(),
    address: z
      .strictObject({
        street: Text(200).describe('Street, e.g. "Av. Corrientes"'),
        number: Text(20).optional(),
        apartment: Text(40).optional().describe('Piso / depto'),
        city: Text(100).describe('Localidad or barrio, e.g. "CABA", "Palermo", "Rosario"'),
        province: Text(100).optional(),
        postalCode: Text(20).optional(),
        notes: Text(500).optional(),
      })
      .optional()
      .describe('Required for DELIVERY'),
    schedule: Text(200).optional().describe('When, in the customer words: "martes por la tarde"'),
    notes: Text(500).optional(),
  })
  .refine((d) => d.method !== 'DELIVERY' || d.address !== undefined, {
    message: 'A DELIVERY needs an address',
    path: ['address'],
  });
type Input = z.output<typeof Input>;

export const setDeliveryDetails: AgentTool<Input, { draft: DraftView; deliveryComplete: boolean }> = {
  name: 'set_delivery_details',
  description:
    'Record how the order reaches the customer: DELIVERY to an address (street, number, city required) or PICKUP at the shop, and who receives it. ' +
    'Use only details the customer gave (or a saved address they accepted). Replaces earlier delivery details.',
  input: Input,
  allowedStates: ORDERING_STATES,
  async run(deps, ctx, input) {
    const draft = await findDraft(deps, ctx);
    if (!draft) return NO_DRAFT();
    const changed = await setOrderDelivery(
      { db: deps.db },
      { workspaceId: ctx.workspaceId, actor: agentActor(ctx), orderId: draft.id, delivery: input },
    );
    if (!changed.ok) return fromFailure(changed);
    const view = toDraftView(changed.value);
    return {
      ok: true,
      data: { draft: view, deliveryComplete: view.deliveryComplete },
      event: 'DETAILS_CHANGED',
      effects: { draftOrderId: view.orderId, draftFacts: draftFacts(view) },
    };
  },
};
