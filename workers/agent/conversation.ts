/**
 * The logic of one conversation (one customer contact of one workspace), hosted by the
 * `Conversation` Durable Object, which serialises calls and owns the SQLite storage passed in
 * here. It records inbound messages, runs agent turns (turn.ts), applies the tools' FSM events,
 * counts failures and hands off to a human, lets operators assign it, reply and release it, and
 * closes idle sessions. Postgres mirrors everything through session-store.ts.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/ids';
import { agentMessages, workspaces, type WorkspaceSettings } from '../../db/schema';
import { log } from '../core/observability/logger';
import { getCustomerContext, type CustomerContext } from '../retail/customers/detail';
import { findOrCreateCustomerByWhatsApp } from '../retail/customers/whatsapp';
import { cancelOrder, getOrder, type Order } from '../retail/orders';
import { outboundText, windowOpen, type Channel, type ConversationKey, type InboundMessage } from './channel';
import { isExplicitNo } from './confirmation';
import type { RunningSummary } from './context';
import { TRANSCRIPT_WINDOW, type ConversationStore } from './conversation-store';
import { transition, type SessionEvent, type SessionFacts, type SessionState } from './fsm';
import { asksForPerson } from './llm/offline/intents';
import type { ConversationSnapshot, LlmProvider, ToolSpec, ToolUseBlock } from './llm/provider';
import {
  appendMessages,
  finishTurn,
  loadTranscript,
  openSession,
  saveSession,
  startTurn,
  type MessageRow,
  type NewMessage,
  type SessionChange,
  type SessionOwner,
  type SessionRecord,
} from './session-store';
import { agentProfile } from './settings';
import { buildContextWithSummary } from './summary';
import { isDeliveryComplete } from './tools/draft';
import { executeTool } from './tools/executor';
import { toolSpecs } from './tools/registry';
import { outcomeEvents, type OutboundMessage, type ToolContext, type ToolDeps, type ToolOutcome } from './tools/types';
import { runTurn, type ToolRun, type TurnHost, type TurnResult } from './turn';

/** Consecutive failed turns after which the conversation goes to a human. */
export const MAX_CONSECUTIVE_FAILURES = 3;
export const DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

export const HANDOFF_AFTER_FAILURES_REASON = 'El agente no pudo resolver 3 mensajes seguidos';
export const HANDOFF_AFTER_FAILURES_REPLY =
  'Perdón, no estoy pudiendo ayudarte bien por acá. Te paso con una persona del equipo que te va a responder en breve 🙌';
export const HANDBACK_EVENT_TEXT =
  'Un operador devolvió la conversación al agente; el tramo atendido por una persona terminó.';
export const TAKEOVER_EVENT_TEXT = 'Una persona del equipo tomó la conversación.';
export const ASSIGNED_HANDOFF_REASON = 'Un operador tomó la conversación';
/** The reason of a handoff for a customer message the agent could not process at all (set aside). */
export const NOT_HANDLED_HANDOFF_REASON = 'El agente no pudo procesar un mensaje del cliente';
export const TIMEOUT_EVENT_TEXT = 'La sesión se cerró por inactividad.';
export const TIMEOUT_CANCELLED_EVENT_TEXT = 'La sesión se cerró por inactividad y el pedido sin confirmar se canceló.';

/** How the tools are offered to the model and run. */
export interface ToolRunner {
  specs: readonly ToolSpec[];
  run(input: {
    deps: ToolDeps;
    ctx: ToolContext;
    toolUse: ToolUseBlock;
    turnId: string;
    llmRequestId: string | null;
  }): Promise<ToolRun>;
}

/** The agent's tools (./tools/registry) run through the executor: exactly once per tool_use id. */
export const agentToolRunner: ToolRunner = {
  specs: toolSpecs(),
  async run({ deps, ctx, toolUse, turnId, llmRequestId }) {
    const execution = await executeTool({ deps, ctx, toolUse, turnId, llmRequestId });
    return { outcome: execution.outcome, failed: execution.failed, result: execution.result };
  },
};

export interface ConversationDeps {
  db: Database;
  files: R2Bucket;
  store: ConversationStore;
  channel: Channel;
  tools: ToolRunner;
  /** The model for this workspace's settings (`providerFor(env, settings)` in production). */
  provider(settings: Partial<WorkspaceSettings> | null): LlmProvider;
  now?: () => Date;
  /** Whole-turn bound in ms (60 s by default). */
  turnTimeoutMs?: number;
}

export interface Reply {
  id: string;
  message: OutboundMessage;
}

/** What handling one inbound message produced. */
export interface ReceiveResult {
  messageId: string;
  /** The id was already processed (a redelivery): nothing was done again. */
  duplicate: boolean;
  sessionId: string;
  state: SessionState;
  owner: SessionOwner;
  replies: Reply[];
  turn: { id: string; status: TurnResult['status']; reason: TurnResult['reason'] } | null;
  /** The message could not be handled after repeated attempts and was set aside (logged; the conversation goes to a person). */
  failed?: boolean;
}

/** The conversation as operators and tests see it. */
export interface ConversationView {
  sessionId: string;
  workspaceId: string;
  channel: SessionRecord['channel'];
  contact: string;
  customerId: string | null;
  state: SessionState;
  owner: SessionOwner;
  assignedUserId: string | null;
  handoffReason: string | null;
  draftOrderId: string | null;
  consecutiveFailures: number;
  lastCustomerMessageAt: string | null;
  /** Messages queued and not yet handled (non-zero only mid-turn or after an eviction). */
  pendingMessages: number;
}

/** What an operator sends: free text (inside the 24 h window) or an approved WhatsApp template. */
export type OperatorMessage =
  { type: 'text'; text: string } | { type: 'template'; templateName: string; language: string; placeholders: string[] };

/**
 * A refused operator action. Plain data (no `unknown`), because it crosses the Durable Object's
 * RPC boundary, whose types only keep serialisable shapes.
 */
export interface Refusal<E extends string> {
  ok: false;
  error: E;
  message: string;
  details?: Record<string, string | null>;
}
export type AssignError = 'TAKEN';
export type AssignResult = { ok: true; value: ConversationView } | Refusal<AssignError>;
export type OperatorReplyError = 'NOT_ASSIGNED' | 'WINDOW_CLOSED';
/** The stored message's id (the inbox reads the row from Postgres). */
export type OperatorReplyResult = { ok: true; value: { messageId: string } } | Refusal<OperatorReplyError>;

const refuse = <E extends string>(error: E, message: string, details?: Record<string, string | null>): Refusal<E> => ({
  ok: false,
  error,
  message,
  ...(details ? { details } : {}),
});

/** How an operator's template reads in the transcript (the model and the inbox see this text). */
export function operatorTemplateText(message: Extract<OperatorMessage, { type: 'template' }>): string {
  const values = message.placeholders.length ? `: ${message.placeholders.join(' · ')}` : '';
  return `[Plantilla ${message.templateName} (${message.language})]${values}`;
}

interface Workspace {
  name: string;
  settings: Partial<WorkspaceSettings> | null;
}

/** `settings.agent.sessionTimeoutMinutes` (1–1440), else 30. */
export function sessionTimeoutMinutes(settings: Partial<WorkspaceSettings> | null | undefined): number {
  return agentProfile(settings).agent.sessionTimeoutMinutes ?? DEFAULT_SESSION_TIMEOUT_MINUTES;
}

/** What the state machine needs to know about the draft order (none: nothing in it). */
function factsOf(order: Order | null): SessionFacts {
  return { itemCount: order?.items.length ?? 0, deliveryComplete: isDeliveryComplete(order?.delivery) };
}

const INBOUND_ROW_TYPE: Record<InboundMessage['type'], MessageRow['type']> = {
  text: 'text',
  button: 'button',
  image: 'image',
  document: 'document',
  audio: 'audio',
  location: 'location',
  unsupported: 'unsupported',
};

function outboundRowType(message: OutboundMessage): MessageRow['type'] {
  switch (message.type) {
    case 'text':
      return 'text';
    case 'image':
      return 'image';
    case 'document':
      return 'document';
    case 'buttons':
    case 'list':
      return 'interactive';
  }
}

export class ConversationEngine {
  private readonly now: () => Date;
  private replies: Reply[] = [];
  private workspaceCache: Workspace | null = null;
  private providerCache: LlmProvider | null = null;
  private lastTrigger: { text: string | null; buttonId: string | null } = { text: null, buttonId: null };

  constructor(
    private readonly deps: ConversationDeps,
    private readonly key: ConversationKey,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  private get store() {
    return this.deps.store;
  }

  /**
   * The session, from the object's storage; on a cold start with empty storage it is rebuilt
   * from `agent_sessions` and the newest transcript rows (or created on first contact).
   */
  async session(connectionId?: string | null): Promise<SessionRecord> {
    const stored = this.store.session();
    if (stored) return stored;
    const session = await openSession(this.deps.db, { ...this.key, connectionId: connectionId ?? null });
    const transcript = await loadTranscript(this.deps.db, {
      workspaceId: session.workspaceId,
      sessionId: session.id,
      limit: TRANSCRIPT_WINDOW,
    });
    this.store.appendTranscript(transcript);
    this.store.putSession(session);
    return session;
  }

  view(session: SessionRecord, pendingMessages = 0): ConversationView {
    return {
      sessionId: session.id,
      workspaceId: session.workspaceId,
      channel: session.channel,
      contact: session.contact,
      customerId: session.customerId,
      state: session.state,
      owner: session.owner,
      assignedUserId: session.assignedUserId,
      handoffReason: session.handoffReason,
      draftOrderId: session.draftOrderId,
      consecutiveFailures: session.consecutiveFailures,
      lastCustomerMessageAt: session.lastCustomerMessageAt?.toISOString() ?? null,
      pendingMessages,
    };
  }

  /** Persists the session in the object, then mirrors it (announcing `change` when given). */
  private async save(session: SessionRecord, change?: SessionChange): Promise<void> {
    this.store.putSession(session);
    await saveSession(this.deps.db, session, change);
  }

  /** The workspace's settings (read once per engine). */
  async settings(): Promise<Partial<WorkspaceSettings> | null> {
    return (await this.workspace(this.key.workspaceId)).settings;
  }

  private async workspace(workspaceId: string): Promise<Workspace> {
    if (this.workspaceCache) return this.workspaceCache;
    const [row] = await this.deps.db
      .select({ name: workspaces.name, settings: workspaces.settings })
      .from(workspaces)
      .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)));
    this.workspaceCache = { name: row?.name ?? 'la tienda', settings: row?.settings ?? null };
    return this.workspaceCache;
  }

  /** Writes transcript rows to Postgres (idempotent by id) and keeps them in the window. */
  private async record(session: SessionRecord, messages: NewMessage[]): Promise<MessageRow[]> {
    const inserted = await appendMessages(this.deps.db, session, messages);
    const missing = messages.filter((m) => !inserted.some((r) => r.id === m.id)).map((m) => m.id);
    // Rows written before an eviction are read back so the window matches Postgres.
    const earlier = missing.length
      ? await this.deps.db
          .select()
          .from(agentMessages)
          .where(and(eq(agentMessages.workspaceId, session.workspaceId), inArray(agentMessages.id, missing)))
      : [];
    this.store.appendTranscript([...inserted, ...earlier].sort((a, b) => (a.id < b.id ? -1 : 1)));
    return inserted;
  }

  /** Records one reply and hands it to the channel, once: a repeat with the same id sends nothing. */
  private async reply(session: SessionRecord, id: string, message: OutboundMessage): Promise<void> {
    const inserted = await this.record(session, [
      {
        id,
        direction: 'outbound',
        role: 'agent',
        type: outboundRowType(message),
        content: outboundText(message),
        toolCalls: message.type === 'text' ? null : message,
        status: 'QUEUED',
      },
    ]);
    if (this.replies.some((r) => r.id === id)) return;
    this.replies.push({ id, message });
    if (inserted.length === 0) return;
    await this.deps.channel.send({
      messageId: id,
      sessionId: session.id,
      workspaceId: session.workspaceId,
      channel: session.channel,
      contact: session.contact,
      message,
    });
  }

  /**
   * Applies one FSM event; a refused one is logged and changes nothing. `actor` is who caused it,
   * for the handoff history: `agent`, `customer` or a user id (session-store `SessionChange`).
   */
  private async apply(
    event: SessionEvent,
    facts: SessionFacts,
    patch: Partial<SessionRecord> = {},
    actor: string | null = null,
  ): Promise<boolean> {
    const session = this.store.session()!;
    const moved = transition(session.state, event, facts);
    if (!moved.ok) {
      log.warn('conversation: transition refused', {
        sessionId: session.id,
        state: session.state,
        event,
        reason: moved.reason,
      });
      return false;
    }
    const next: SessionRecord = { ...session, ...patch, state: moved.to };
    if (moved.to === 'HANDOFF') next.owner = 'human';
    if (event === 'RETURNED_TO_AGENT') {
      next.owner = 'agent';
      next.assignedUserId = null;
      next.handoffReason = null;
      next.consecutiveFailures = 0;
    }
    await this.save(next, { event, from: moved.from, to: moved.to, actor });
    return true;
  }

  private async draft(session: SessionRecord): Promise<Order | null> {
    if (!session.draftOrderId) return null;
    const found = await getOrder(
      { db: this.deps.db },
      { workspaceId: session.workspaceId, orderId: session.draftOrderId },
    );
    return found.ok ? found.value : null;
  }

  private async facts(session: SessionRecord): Promise<SessionFacts> {
    return factsOf(await this.draft(session));
  }

  private async customerContext(session: SessionRecord): Promise<CustomerContext | null> {
    if (!session.customerId) return null;
    const found = await getCustomerContext(
      { db: this.deps.db },
      { workspaceId: session.workspaceId, customerId: session.customerId },
    );
    return found.ok ? found.value : null;
  }

  private async conversationSnapshot(session: SessionRecord, customer?: CustomerContext | null) {
    const [workspace, order, context] = await Promise.all([
      this.workspace(session.workspaceId),
      this.draft(session),
      customer === undefined ? this.customerContext(session) : Promise.resolve(customer),
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

  private turnHost(turnId: string): TurnHost {
    const toolDeps: ToolDeps = { db: this.deps.db, files: this.deps.files };
    return {
      begin: async (signal) => {
        const session = this.store.session()!;
        const { snapshot, workspace, context } = await this.conversationSnapshot(session);
        const previous = this.runningSummary();
        const built = await buildContextWithSummary(
          this.provider(workspace),
          {
            storeName: workspace.name,
            settings: workspace.settings,
            snapshot,
            transcript: this.store.transcript(),
            summary: previous,
            tools: this.deps.tools.specs,
            customer: context,
            now: this.now(),
          },
          signal,
        );
        if (built.summary && built.summary.throughMessageId !== previous?.throughMessageId) {
          this.store.setMeta('summary_through', built.summary.throughMessageId);
          await this.save({ ...this.store.session()!, summary: built.summary.text });
        }
        return { request: built.request, usage: built.summaryUsage?.usage ?? null };
      },
      snapshot: async () => (await this.conversationSnapshot(this.store.session()!)).snapshot,
      complete: async (request) => this.provider(await this.workspace(this.key.workspaceId)).complete(request),
      execute: async (toolUse, info) => {
        const session = this.store.session()!;
        const ctx: ToolContext = {
          workspaceId: session.workspaceId,
          sessionId: session.id,
          customerId: session.customerId,
          draftOrderId: session.draftOrderId,
          state: session.state,
          now: this.now(),
          lastCustomerMessage: this.lastTrigger,
        };
        return this.deps.tools.run({ deps: toolDeps, ctx, toolUse, turnId, llmRequestId: info.llmRequestId });
      },
      apply: (toolName, outcome, outboundIds) => this.applyOutcome(toolName, outcome, outboundIds),
      record: async (messages) => {
        await this.record(this.store.session()!, messages);
      },
      reply: (id, message) => this.reply(this.store.session()!, id, message),
    };
  }

  private runningSummary(): RunningSummary | null {
    const session = this.store.session();
    if (!session?.summary) return null;
    return { text: session.summary, throughMessageId: this.store.meta('summary_through') ?? '' };
  }

  private provider(workspace: Workspace): LlmProvider {
    this.providerCache ??= this.deps.provider(workspace.settings);
    return this.providerCache;
  }

  /** A tool's effects and FSM events, in order, then its outbound messages. */
  private async applyOutcome(toolName: string, outcome: ToolOutcome, outboundIds: string[]): Promise<void> {
    const effects = outcome.effects ?? {};
    let session = this.store.session()!;
    const patch: Partial<SessionRecord> = {};
    if (effects.customerId !== undefined) patch.customerId = effects.customerId;
    if (effects.draftOrderId !== undefined) patch.draftOrderId = effects.draftOrderId;
    if (effects.handoffReason !== undefined) patch.handoffReason = effects.handoffReason;
    if (Object.keys(patch).length > 0) {
      session = { ...session, ...patch };
      await this.save(session);
    }
    const events = outcomeEvents(outcome);
    if (events.length > 0) {
      const facts: SessionFacts = effects.draftFacts ? { ...effects.draftFacts } : await this.facts(session);
      if (effects.explicitYes !== undefined) facts.explicitYes = effects.explicitYes;
      // A handoff the customer asked for is theirs in the history; any other is the agent's call.
      const actor = this.lastTrigger.text && asksForPerson(this.lastTrigger.text) ? 'customer' : 'agent';
      for (const event of events) {
        const applied = await this.apply(event, facts, {}, event === 'HANDOFF_REQUESTED' ? actor : null);
        if (!applied) log.warn('conversation: tool event not applied', { tool: toolName, event });
      }
    }
    if (outcome.ok) {
      const outbound = outcome.outbound ?? [];
      for (let i = 0; i < outbound.length; i++) {
        await this.reply(this.store.session()!, outboundIds[i] ?? this.store.newMessageId(), outbound[i]!);
      }
    }
  }

  /**
   * Handles one queued customer message: identifies the customer, records the message, and
   * unless a human owns the conversation runs (or resumes) the agent's turn. Idempotent: the
   * message's row id is fixed the first time, and a resumed turn repeats no write. The row is
   * stamped when handled (not when received), so the transcript reads in the order the agent
   * saw it; `lastCustomerMessageAt` keeps the reception time for the 24 h window.
   */
  async handleInbound(message: InboundMessage): Promise<ReceiveResult> {
    this.replies = [];
    let session = await this.session(message.connectionId);
    const receivedAt = new Date(message.receivedAt);

    const customer = await findOrCreateCustomerByWhatsApp(
      { db: this.deps.db },
      {
        workspaceId: session.workspaceId,
        waUserId: session.contact,
        phone: message.phone ?? session.contact,
        profileName: message.profileName ?? null,
      },
    );
    session = {
      ...session,
      customerId: customer.ok ? customer.value.customer.id : session.customerId,
      connectionId: message.connectionId ?? session.connectionId,
      lastCustomerMessageAt: receivedAt,
    };
    await this.save(session);
    await this.record(session, [
      {
        id: this.store.inboundRowId(message.id),
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
      this.lastTrigger = { text: message.text ?? null, buttonId: message.buttonId ?? null };
      turn = await this.runAgentTurn(session, message.id);
      // A "no" to the summary that the turn did not act on (no edit moved the state) is still the
      // customer declining: the order goes back to being edited. Decided after the turn, so the
      // agent reads the answer in AWAITING_CONFIRMATION, as the customer meant it.
      const after = this.store.session()!;
      if (
        session.state === 'AWAITING_CONFIRMATION' &&
        after.state === 'AWAITING_CONFIRMATION' &&
        isExplicitNo(this.lastTrigger)
      ) {
        await this.apply('CUSTOMER_DECLINED', await this.facts(after));
      }
    }
    const after = this.store.session()!;
    return {
      messageId: message.id,
      duplicate: false,
      sessionId: after.id,
      state: after.state,
      owner: after.owner,
      replies: this.replies,
      turn,
    };
  }

  /** Runs the turn for `triggerMessageId`, resuming it from the journal if one was open. */
  private async runAgentTurn(session: SessionRecord, triggerMessageId: string | null) {
    const open = this.store.openTurn();
    const turn =
      open && open.triggerMessageId === triggerMessageId
        ? open
        : { id: newId('trn'), triggerMessageId, startedAt: this.now().getTime() };
    if (open && open.id !== turn.id) this.store.endTurn(open.id);
    this.store.beginTurn(turn);
    const workspace = await this.workspace(session.workspaceId);
    await startTurn(this.deps.db, {
      id: turn.id,
      workspaceId: session.workspaceId,
      sessionId: session.id,
      triggerMessageId,
      provider: this.provider(workspace).name,
      startedAt: new Date(turn.startedAt),
    });

    const result = await runTurn(this.turnHost(turn.id), this.store, turn, {
      ...(this.deps.turnTimeoutMs ? { timeoutMs: this.deps.turnTimeoutMs } : {}),
    });
    await finishTurn(
      this.deps.db,
      { workspaceId: session.workspaceId, turnId: turn.id },
      {
        status: result.status,
        model: result.model,
        steps: result.steps,
        usage: result.usage,
        error: result.error,
        finishedAt: this.now(),
      },
    );
    await this.countFailure(result, turn.id);
    this.store.endTurn(turn.id);
    return { id: turn.id, status: result.status, reason: result.reason };
  }

  /** Updates the consecutive-failures counter; the third failure in a row hands off to a human. */
  private async countFailure(result: TurnResult, turnId: string): Promise<void> {
    const session = this.store.session()!;
    const failures = result.failed ? session.consecutiveFailures + 1 : 0;
    if (failures === session.consecutiveFailures) return;
    await this.save({ ...session, consecutiveFailures: failures });
    if (failures < MAX_CONSECUTIVE_FAILURES || session.state === 'HANDOFF') return;
    const handedOff = await this.apply(
      'HANDOFF_REQUESTED',
      await this.facts(session),
      { handoffReason: HANDOFF_AFTER_FAILURES_REASON },
      'agent',
    );
    if (handedOff) {
      const id = this.store.step<string>(turnId, 'id:handoff') ?? this.store.newMessageId();
      this.store.putStep(turnId, 'id:handoff', id);
      await this.reply(this.store.session()!, id, { type: 'text', text: HANDOFF_AFTER_FAILURES_REPLY });
    }
  }

  /** Writes a system event into the transcript (the model reads it as a notice). */
  private async event(session: SessionRecord, text: string, authorUserId: string | null = null) {
    await this.record(session, [
      {
        id: this.store.newMessageId(),
        direction: 'internal',
        role: 'system',
        type: 'event',
        content: text,
        status: 'SENT',
        authorUserId,
      },
    ]);
  }

  /** An operator moves the conversation to the human queue (HANDOFF, unassigned) with a reason. */
  async requestHandoff(reason: string, userId: string | null): Promise<ConversationView> {
    const session = await this.session();
    if (session.state !== 'HANDOFF') {
      const moved = await this.apply(
        'HANDOFF_REQUESTED',
        await this.facts(session),
        { handoffReason: reason },
        userId ?? 'agent',
      );
      if (moved) await this.event(this.store.session()!, `Conversación derivada a una persona: ${reason}`, userId);
    }
    return this.view(this.store.session()!);
  }

  /**
   * An operator takes the conversation: HANDOFF (if not there), owner human, assigned to them,
   * in one change. Assigning it again to the same operator changes nothing; one another operator
   * holds answers TAKEN.
   */
  async assign(userId: string): Promise<AssignResult> {
    const session = await this.session();
    if (session.owner === 'human' && session.assignedUserId !== null && session.assignedUserId !== userId) {
      return refuse('TAKEN', 'Another operator is handling this conversation; it must be released first', {
        assignedUserId: session.assignedUserId,
      });
    }
    if (session.state !== 'HANDOFF') {
      const moved = await this.apply(
        'HANDOFF_REQUESTED',
        await this.facts(session),
        { handoffReason: ASSIGNED_HANDOFF_REASON, assignedUserId: userId },
        userId,
      );
      if (moved) await this.event(this.store.session()!, TAKEOVER_EVENT_TEXT, userId);
    } else if (session.owner !== 'human' || session.assignedUserId !== userId) {
      const next = { ...session, owner: 'human' as const, assignedUserId: userId };
      await this.save(next, { event: 'OWNER_CHANGED', from: session.state, to: next.state, actor: userId });
      await this.event(next, TAKEOVER_EVENT_TEXT, userId);
    }
    return { ok: true, value: this.view(this.store.session()!) };
  }

  /**
   * The operator releases the conversation to the agent: RETURNED_TO_AGENT, owner agent, and a
   * system event in the transcript so the model knows the human stretch ended.
   */
  async release(userId: string | null): Promise<ConversationView> {
    const session = await this.session();
    if (session.state === 'HANDOFF' || session.owner === 'human') {
      const actor = userId ?? 'agent';
      const moved =
        session.state === 'HANDOFF'
          ? await this.apply('RETURNED_TO_AGENT', await this.facts(session), {}, actor)
          : (await this.save(
              { ...session, owner: 'agent', assignedUserId: null },
              { event: 'OWNER_CHANGED', from: session.state, to: session.state, actor },
            ),
            true);
      if (moved) await this.event(this.store.session()!, HANDBACK_EVENT_TEXT, userId);
    }
    return this.view(this.store.session()!);
  }

  /**
   * An operator's message to the customer: recorded in the transcript (role `operator`, so the
   * agent reads it when it resumes) together with its egress outbox row. Only the operator the
   * conversation is assigned to may write; free text only inside WhatsApp's 24 h window, a
   * template always.
   */
  async operatorReply(userId: string, message: OperatorMessage): Promise<OperatorReplyResult> {
    const session = await this.session();
    if (session.owner !== 'human' || session.assignedUserId !== userId) {
      return refuse('NOT_ASSIGNED', 'Assign the conversation to yourself before replying');
    }
    // The simulator has no WhatsApp side, so no window (egress skips it the same way).
    const closed = session.channel === 'whatsapp' && !windowOpen(session.lastCustomerMessageAt, this.now());
    if (message.type === 'text' && closed) {
      return refuse(
        'WINDOW_CLOSED',
        'The customer has not written in the last 24 h: WhatsApp only accepts an approved template until they do',
      );
    }
    const [row] = await this.record(session, [
      {
        id: this.store.newMessageId(),
        direction: 'outbound',
        role: 'operator',
        type: message.type,
        content: message.type === 'text' ? message.text : operatorTemplateText(message),
        toolCalls: message.type === 'template' ? message : null,
        status: 'QUEUED',
        authorUserId: userId,
      },
    ]);
    return { ok: true, value: { messageId: row!.id } };
  }

  /**
   * Closes an idle session: if nothing happened for the timeout, SESSION_TIMEOUT moves it to
   * IDLE and an open draft is cancelled (which releases its stock). Returns false when the
   * session was active meanwhile, is owned by a human, or is mid-confirmation.
   */
  async timeout(lastActivityAt: number): Promise<boolean> {
    const session = this.store.session();
    if (!session) return false;
    const workspace = await this.workspace(session.workspaceId);
    const idleMs = this.now().getTime() - lastActivityAt;
    if (idleMs < sessionTimeoutMinutes(workspace.settings) * 60_000) return false;
    if (session.owner === 'human') return false;
    const order = await this.draft(session);
    const facts = factsOf(order);
    const open = order && (order.status === 'DRAFT' || order.status === 'PENDING');
    if (session.state === 'IDLE' && !open) return false;
    if (!transition(session.state, 'SESSION_TIMEOUT', facts).ok) return false;
    if (open) {
      // Cancelling (not just releasing the holds) keeps the order and its stock consistent and audited.
      const cancelled = await cancelOrder(
        { db: this.deps.db },
        {
          workspaceId: session.workspaceId,
          orderId: order.id,
          actor: { type: 'agent', id: session.id },
          reason: 'Sesión vencida por inactividad',
        },
      );
      if (!cancelled.ok)
        log.warn('conversation: timeout could not cancel the draft', { orderId: order.id, error: cancelled.error });
    }
    await this.apply('SESSION_TIMEOUT', facts, { draftOrderId: open ? null : session.draftOrderId });
    await this.event(this.store.session()!, open ? TIMEOUT_CANCELLED_EVENT_TEXT : TIMEOUT_EVENT_TEXT);
    return true;
  }
}
