/**
 * The agent's tools: the plan's eleven retail tools, `update_draft_item` for changing or
 * removing a line, and `request_human_handoff`. `toolSpecs()` is what the model is given: each
 * tool's name, description and the JSON Schema of its zod input (`npm run tools:schema` writes
 * the same to docs/tools.json).
 */
import { z } from 'zod';
import type { ToolSpec } from '../llm/provider';
import { addItemToDraft } from './add-item-to-draft';
import { adjustStock } from './adjust-stock';
import { attachReceipt } from './attach-receipt';
import { confirmOrder } from './confirm-order';
import { createOrderDraft } from './create-order-draft';
import { getCustomerContext } from './get-customer-context';
import { listProducts } from './list-products';
import { registerPayment } from './register-payment';
import { requestConfirmation } from './request-confirmation';
import { requestHumanHandoff } from './request-human-handoff';
import { sendCatalog } from './send-catalog';
import { setDeliveryDetails } from './set-delivery-details';
import type { AgentTool } from './types';
import { updateDraftItem } from './update-draft-item';

/**
 * Forgets a tool's input and output types, so tools of different types share one list. Sound
 * because nothing calls `run` with an input its own schema has not parsed (executor, approvals).
 */
const erase = <I, O>(tool: AgentTool<I, O>): AgentTool => tool as unknown as AgentTool;

export const TOOLS: readonly AgentTool[] = [
  erase(listProducts),
  erase(sendCatalog),
  erase(getCustomerContext),
  erase(createOrderDraft),
  erase(addItemToDraft),
  erase(updateDraftItem),
  erase(setDeliveryDetails),
  erase(requestConfirmation),
  erase(confirmOrder),
  erase(adjustStock),
  erase(registerPayment),
  erase(attachReceipt),
  erase(requestHumanHandoff),
];

const byName = new Map(TOOLS.map((tool) => [tool.name, tool]));

/** The tool with this name, or undefined. */
export function toolByName(name: string): AgentTool | undefined {
  return byName.get(name);
}

/** The JSON Schema of a tool's input as the model fills it in (defaults optional, no `$schema` header). */
export function inputJsonSchema(tool: AgentTool): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' });
  return schema;
}

/** Name, description and input schema of every tool (or of `tools`), for the model. */
export function toolSpecs(tools: readonly AgentTool[] = TOOLS): ToolSpec[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: inputJsonSchema(tool) }));
}

/** docs/tools.json: every tool as the model sees it, plus the states it runs in and whether it waits for approval. */
export function toolsDocument() {
  return {
    description:
      'The Nexova sales agent tools. Generated from the zod schemas in workers/agent/tools by `npm run tools:schema`; see docs/tools.md.',
    tools: TOOLS.map((tool) => ({
      name: tool.name,
      description: tool.description,
      allowedStates: [...tool.allowedStates],
      requiresApproval: tool.requiresApproval ?? false,
      inputSchema: inputJsonSchema(tool),
    })),
  };
}
