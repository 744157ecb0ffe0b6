/**
 * A small turn loop for offline-agent tests: the OfflineProvider against the real executor and
 * tools on a seeded catalogue, with the FSM applied after each tool as the Conversation does.
 * Each `say` is one customer message → model step → tool → result → … → final text.
 */
import { transition } from '../../../workers/agent/fsm';
import { OfflineProvider } from '../../../workers/agent/llm/offline';
import type { ConversationSnapshot, LlmMessage, LlmResponse } from '../../../workers/agent/llm/provider';
import { isDeliveryComplete } from '../../../workers/agent/tools/draft';
import { toolSpecs } from '../../../workers/agent/tools/registry';
import { outcomeEvents, type OutboundMessage } from '../../../workers/agent/tools/types';
import { getOrder } from '../../../workers/retail/orders';
import { testDb } from '../../harness/db';
import type { Chat } from './tools/fixture';

export interface TurnReply {
  text: string;
  understood: boolean | undefined;
  /** Tool names called, in order. */
  tools: string[];
  outbound: OutboundMessage[];
}

export class OfflineChat {
  readonly provider = new OfflineProvider();
  readonly messages: LlmMessage[] = [];
  readonly responses: LlmResponse[] = [];
  failures = 0;

  constructor(
    readonly chat: Chat,
    readonly customer: { name: string | null; returning: boolean } = { name: 'Juan Pérez', returning: false },
  ) {}

  async snapshot(): Promise<ConversationSnapshot> {
    const { ctx } = this.chat;
    let draft: ConversationSnapshot['draft'] = null;
    if (ctx.draftOrderId) {
      const order = await getOrder({ db: testDb() }, { workspaceId: ctx.workspaceId, orderId: ctx.draftOrderId });
      if (order.ok && (order.value.status === 'DRAFT' || order.value.status === 'PENDING')) {
        draft = {
          orderId: order.value.id,
          items: order.value.items.map((i) => ({
            itemId: i.id,
            variantId: i.variantId,
            sku: i.sku,
            name: i.name,
            attributes: i.attributes,
            quantity: i.quantity,
            unitPrice: i.unitPrice,
          })),
          total: order.value.total,
          deliveryComplete: isDeliveryComplete(order.value.delivery),
        };
      }
    }
    return {
      state: ctx.state,
      storeName: 'Tienda Demo',
      currency: 'ARS',
      customer: { id: ctx.customerId, ...this.customer },
      draft,
      consecutiveFailures: this.failures,
    };
  }

  /** One customer message, run to the agent's final text. */
  async say(text: string, buttonId: string | null = null): Promise<TurnReply> {
    this.messages.push({ role: 'user', content: [{ type: 'text', text }] });
    this.chat.says(text, buttonId);
    const tools: string[] = [];
    const outbound: OutboundMessage[] = [];
    for (let step = 0; step < 8; step++) {
      const response = await this.provider.complete({
        tier: 'primary',
        system: 'offline test',
        messages: this.messages,
        tools: toolSpecs(),
        maxTokens: 1024,
        snapshot: await this.snapshot(),
      });
      this.responses.push(response);
      this.messages.push({ role: 'assistant', content: response.content });
      const uses = response.content.filter((b) => b.type === 'tool_use');
      if (uses.length === 0) {
        const reply = response.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        this.failures = response.understood === false ? this.failures + 1 : 0;
        return { text: reply, understood: response.understood, tools, outbound };
      }
      const results = [];
      for (const use of uses) {
        tools.push(use.name);
        const run = await this.chat.call(use.name, use.input, {
          toolUseId: use.id,
          llmRequestId: response.requestId ?? null,
        });
        await this.apply(run.outcome);
        if (run.outcome.ok) outbound.push(...(run.outcome.outbound ?? []));
        results.push(run.result);
      }
      this.messages.push({ role: 'user', content: results });
    }
    throw new Error('the offline agent did not finish its turn in 8 steps');
  }

  /** The FSM events of an outcome, applied in order with the draft's facts. */
  private async apply(outcome: Parameters<typeof outcomeEvents>[0]) {
    const snap = await this.snapshot();
    const facts = outcome.effects?.draftFacts ?? {
      itemCount: snap.draft?.items.length ?? 0,
      deliveryComplete: snap.draft?.deliveryComplete ?? false,
    };
    for (const event of outcomeEvents(outcome)) {
      const moved = transition(this.chat.ctx.state, event, { ...facts, explicitYes: outcome.effects?.explicitYes });
      if (moved.ok) this.chat.in(moved.to);
    }
  }
}
