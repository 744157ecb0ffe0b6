/**
 * The inbound turn: a customer message is recorded, the customer identified, and — unless a
 * person owns the conversation — the agent's turn runs (or resumes from its journal), its tools'
 * effects and FSM events applied, failures counted and, at the third in a row, handed off.
 */
import { newId } from '../../../db/ids';
import { log } from '../../core/observability/logger';
import { getCustomerContext, type CustomerContext } from '../../retail/customers/detail';
import { findOrCreateCustomerByWhatsApp } from '../../retail/customers/whatsapp';
import type { InboundMessage } from '../channel';
import { isExplicitNo } from '../confirmation';
import type { RunningSummary } from '../context';
import type { SessionFacts } from '../fsm';
import { asksForPerson } from '../handoff-request';
import type { ConversationSnapshot } from '../llm/provider';
import { agentProfile } from '../settings';
import { buildContextWithSummary } from '../summary';
import { isDeliveryComplete } from '../tools/draft';
import { executeTool } from '../tools/executor';
import { toolSpecs } from '../tools/registry';
import { outcomeEvents, type ToolContext, type ToolDeps, type ToolOutcome } from '../tools/types';
import { runTurn, type TurnHost, type TurnResult } from '../turn';
import { type ConversationCore } from './core';
import { finishTurn, startTurn, type MessageRow, type SessionRecord } from './postgres-mirror';
import {
  HANDOFF_AFTER_FAILURES_REASON,
  HANDOFF_AFTER_FAILURES_REPLY,
  MAX_CONSECUTIVE_FAILURES,
  type ReceiveResult,
  type ToolRunner,
} from './types';

/** The agent's tools (./tools/registry) run through the executor: exactly once per tool_use id. */
export const agentToolRunner: ToolRunner = {
  specs: toolSpecs(),
  async run({ deps, ctx, toolUse, turnId, llmRequestId }) {
    const execution = await executeTool({ deps, ctx, toolUse, turnId, llmRequestId });
    return { outcome: execution.outcome, failed: execution.failed, result: execution.result };
  },
};

const INBOUND_ROW_TYPE: Record<InboundMessage['type'], MessageRow['type']> = {
  text: 'text',
  button: 'button',
  image: 'image',
  document: 'document',
  audio: 'audio',
  location: 'location',
  unsupported: 'unsupported',
};

/**
 * Handles one queued customer message: identifies the customer, records the message, and
 * unless a human owns the conversation runs (or resumes) the agent's turn. Idempotent: the
 * message's row id is fixed the first time, and a resumed turn repeats no write. The row is
 * stamped when handled (not when received), so the transcript reads in the order the agent
 * saw it; `lastCustomerMessageAt` keeps the reception time for the 24 h window.
 */
export async function handleInbound(c: ConversationCore, message: InboundMessage): Promise<ReceiveResult> {
  c.replies = [];
  let session = await c.session(message.connectionId);
  const receivedAt = new Date(message.receivedAt);

  // The WhatsApp inbox identifies the customer once per message and says who it is; only the
  // simulator's messages arrive without one.
  const customerId = message.customerId ?? (await identifyCustomer(c, session.workspaceId, session.contact, message));
  session = {
    ...session,
    customerId: customerId ?? session.customerId,
    connectionId: message.connectionId ?? session.connectionId,
    lastCustomerMessageAt: receivedAt,
  };
  await c.save(session);
  await c.record(session, [
    {
      id: c.store.inboundRowId(message.id),
      direction: 'inbound',
      role: 'customer',
      type: INBOUND_ROW_TYPE[message.type],
      // A button press without text reads as its id (`confirm_yes`), which the model understands.
      content: message.text ?? message.media?.caption ?? message.buttonId ?? null,
      media: message.media ?? null,
      toolCalls: message.buttonId ? { buttonId: message.buttonId } : null,
      status: 'RECEIVED',
      externalMessageId: message.id,
    },
  ]);

  let turn: ReceiveResult['turn'] = null;
  if (session.owner === 'agent') {
    c.lastTrigger = { text: message.text ?? null, buttonId: message.buttonId ?? null };
    turn = await runAgentTurn(c, session, message.id);
    // A "no" to the summary that the turn did not act on (no edit moved the state) is still the
    // customer declining: the order goes back to being edited. Decided after the turn, so the
    // agent reads the answer in AWAITING_CONFIRMATION, as the customer meant it.
    const after = c.store.session()!;
    if (
      session.state === 'AWAITING_CONFIRMATION' &&
      after.state === 'AWAITING_CONFIRMATION' &&
      isExplicitNo(c.lastTrigger)
    ) {
      await c.apply('CUSTOMER_DECLINED', await c.facts(after));
    }
  }
  const after = c.store.session()!;
  return {
    messageId: message.id,
    duplicate: false,
    sessionId: after.id,
    state: after.state,
    owner: after.owner,
    replies: c.replies,
    turn,
  };
}

/** Finds or creates the customer behind a message that did not name one; null if that failed. */
async function identifyCustomer(
  c: ConversationCore,
  workspaceId: string,
  contact: string,
  message: InboundMessage,
): Promise<string | null> {
  const customer = await findOrCreateCustomerByWhatsApp(
    { db: c.deps.db },
    { workspaceId, waUserId: contact, phone: message.phone ?? contact, profileName: message.profileName ?? null },
  );
  return customer.ok ? customer.value.customer.id : null;
}

/** Runs the turn for `triggerMessageId`, resuming it from the journal if one was open. */
export async function runAgentTurn(c: ConversationCore, session: SessionRecord, triggerMessageId: string | null) {
  const open = c.store.openTurn();
  const turn =
    open && open.triggerMessageId === triggerMessageId
      ? open
      : { id: newId('trn'), triggerMessageId, startedAt: c.now().getTime() };
  if (open && open.id !== turn.id) c.store.endTurn(open.id);
  c.store.beginTurn(turn);
  const workspace = await c.workspace(session.workspaceId);
  await startTurn(c.deps.db, {
    id: turn.id,
    workspaceId: session.workspaceId,
    sessionId: session.id,
    triggerMessageId,
    provider: c.provider(workspace).name,
    startedAt: new Date(turn.startedAt),
  });

  const result = await runTurn(turnHost(c, turn.id), c.store, turn, {
    ...(c.deps.turnTimeoutMs ? { timeoutMs: c.deps.turnTimeoutMs } : {}),
  });
  await finishTurn(
    c.deps.db,
    { workspaceId: session.workspaceId, turnId: turn.id },
    {
      status: result.status,
      model: result.model,
      steps: result.steps,
      usage: result.usage,
      error: result.error,
      finishedAt: c.now(),
    },
  );
  await countFailure(c, result, turn.id);
  c.store.endTurn(turn.id);
  return { id: turn.id, status: result.status, reason: result.reason };
}

/** Updates the consecutive-failures counter; the third failure in a row hands off to a human. */
export async function countFailure(c: ConversationCore, result: TurnResult, turnId: string): Promise<void> {
  const session = c.store.session()!;
  const failures = result.failed ? session.consecutiveFailures + 1 : 0;
  if (failures === session.consecutiveFailures) return;
  await c.save({ ...session, consecutiveFailures: failures });
  if (failures < MAX_CONSECUTIVE_FAILURES || session.state === 'HANDOFF') return;
  const handedOff = await c.apply(
    'HANDOFF_REQUESTED',
    await c.facts(session),
    { handoffReason: HANDOFF_AFTER_FAILURES_REASON },
    'agent',
  );
  if (handedOff) {
    const id = c.store.step<string>(turnId, 'id:handoff') ?? c.store.newMessageId();
    c.store.putStep(turnId, 'id:handoff', id);
    await c.reply(c.store.session()!, id, { type: 'text', text: HANDOFF_AFTER_FAILURES_REPLY });
  }
}

export async function customerContext(c: ConversationCore, session: SessionRecord): Promise<CustomerContext | null> {
  if (!session.customerId) return null;
  const found = await getCustomerContext(
    { db: c.deps.db },
    { workspaceId: session.workspaceId, customerId: session.customerId },
  );
  return found.ok ? found.value : null;
}

export async function conversationSnapshot(
  c: ConversationCore,
  session: SessionRecord,
  customer?: CustomerContext | null,
) {
  const [workspace, order, context] = await Promise.all([
    c.workspace(session.workspaceId),
    c.draft(session),
    customer === undefined ? customerContext(c, session) : Promise.resolve(customer),
  ]);
  const open = order && (order.status === 'DRAFT' || order.status === 'PENDING') ? order : null;
  const snapshot: ConversationSnapshot = {
    state: session.state,
    storeName: workspace.name,
    currency: agentProfile(workspace.settings).currency,
    customer: {
      id: session.customerId,
      name: context?.customer.name ?? null,
      returning: (context?.totals.orderCount ?? 0) > 0,
    },
    draft: open
      ? {
          orderId: open.id,
          items: open.items.map((i) => ({
            itemId: i.id,
            variantId: i.variantId,
            sku: i.sku,
            name: i.name,
            attributes: i.attributes,
            quantity: i.quantity,
            unitPrice: i.unitPrice,
          })),
          total: open.total,
          deliveryComplete: isDeliveryComplete(open.delivery),
        }
      : null,
    consecutiveFailures: session.consecutiveFailures,
  };
  return { snapshot, workspace, context };
}

export function turnHost(c: ConversationCore, turnId: string): TurnHost {
  const toolDeps: ToolDeps = { db: c.deps.db, files: c.deps.files };
  return {
    begin: async (signal) => {
      const session = c.store.session()!;
      const { snapshot, workspace, context } = await conversationSnapshot(c, session);
      const previous = runningSummary(c);
      const built = await buildContextWithSummary(
        c.provider(workspace),
        {
          storeName: workspace.name,
          settings: workspace.settings,
          snapshot,
          transcript: c.store.transcript(),
          summary: previous,
          tools: c.deps.tools.specs,
          customer: context,
          now: c.now(),
        },
        signal,
      );
      if (built.summary && built.summary.throughMessageId !== previous?.throughMessageId) {
        c.store.setMeta('summary_through', built.summary.throughMessageId);
        await c.save({ ...c.store.session()!, summary: built.summary.text });
      }
      return { request: built.request, usage: built.summaryUsage?.usage ?? null };
    },
    snapshot: async () => (await conversationSnapshot(c, c.store.session()!)).snapshot,
    complete: async (request) => c.provider(await c.workspace(c.key.workspaceId)).complete(request),
    execute: async (toolUse, info) => {
      const session = c.store.session()!;
      const ctx: ToolContext = {
        workspaceId: session.workspaceId,
        sessionId: session.id,
        customerId: session.customerId,
        draftOrderId: session.draftOrderId,
        state: session.state,
        now: c.now(),
        lastCustomerMessage: c.lastTrigger,
      };
      return c.deps.tools.run({ deps: toolDeps, ctx, toolUse, turnId, llmRequestId: info.llmRequestId });
    },
    apply: (toolName, outcome, outboundIds) => applyOutcome(c, toolName, outcome, outboundIds),
    record: async (messages) => {
      await c.record(c.store.session()!, messages);
    },
    reply: (id, message) => c.reply(c.store.session()!, id, message),
  };
}

export function runningSummary(c: ConversationCore): RunningSummary | null {
  const session = c.store.session();
  if (!session?.summary) return null;
  return { text: session.summary, throughMessageId: c.store.meta('summary_through') ?? '' };
}

/** A tool's effects and FSM events, in order, then its outbound messages. */
export async function applyOutcome(
  c: ConversationCore,
  toolName: string,
  outcome: ToolOutcome,
  outboundIds: string[],
): Promise<void> {
  const effects = outcome.effects ?? {};
  let session = c.store.session()!;
  const patch: Partial<SessionRecord> = {};
  if (effects.customerId !== undefined) patch.customerId = effects.customerId;
  if (effects.draftOrderId !== undefined) patch.draftOrderId = effects.draftOrderId;
  if (effects.handoffReason !== undefined) patch.handoffReason = effects.handoffReason;
  if (Object.keys(patch).length > 0) {
    session = { ...session, ...patch };
    await c.save(session);
  }
  const events = outcomeEvents(outcome);
  if (events.length > 0) {
    const facts: SessionFacts = effects.draftFacts ? { ...effects.draftFacts } : await c.facts(session);
    if (effects.explicitYes !== undefined) facts.explicitYes = effects.explicitYes;
    // A handoff the customer asked for is theirs in the history; any other is the agent's call.
    const actor = c.lastTrigger.text && asksForPerson(c.lastTrigger.text) ? 'customer' : 'agent';
    for (const event of events) {
      const applied = await c.apply(event, facts, {}, event === 'HANDOFF_REQUESTED' ? actor : null);
      if (!applied) log.warn('conversation: tool event not applied', { tool: toolName, event });
    }
  }
  if (outcome.ok) {
    const outbound = outcome.outbound ?? [];
    for (let i = 0; i < outbound.length; i++) {
      await c.reply(c.store.session()!, outboundIds[i] ?? c.store.newMessageId(), outbound[i]!);
    }
  }
}
