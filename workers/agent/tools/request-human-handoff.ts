import { z } from 'zod';
import type { SessionState } from '../fsm';
import type { AgentTool } from './types';

const Input = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('Why a person should take over, for the operator'),
});
type Input = z.output<typeof Input>;

export const requestHumanHandoff: AgentTool<Input, { handoff: true }> = {
  name: 'request_human_handoff',
  description:
    'Hand the conversation to a person of the shop: when the customer asks for one ("quiero hablar con una persona"), ' +
    'when they are upset, or when you cannot help. After it, tell the customer someone will answer soon and stop.',
  input: Input,
  allowedStates: [
    'IDLE',
    'COLLECTING_ORDER',
    'NEEDS_DETAILS',
    'AWAITING_CONFIRMATION',
    'EXECUTING',
    'DONE',
  ] satisfies SessionState[],
  async run(_deps, _ctx, input) {
    return { ok: true, data: { handoff: true }, event: 'HANDOFF_REQUESTED', effects: { handoffReason: input.reason } };
  },
};
