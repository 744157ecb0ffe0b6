/**
 * The shared state and steps of one conversation: its session (object storage first, Postgres
 * mirrored), the transcript, replies, FSM events and system events. The jobs that drive it —
 * the inbound turn (inbound.ts), operator actions (operator.ts) and the idle timeout
 * (timeout.ts) — work through this class; `ConversationEngine` (index.ts) is what the
 * Conversation Durable Object calls.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { agentMessages, workspaces, type WorkspaceSettings } from '../../../db/schema';
import { log } from '../../core/observability/logger';
import { getOrder, type Order } from '../../retail/orders';
import { outboundText, type ConversationKey } from '../channel';
import { transition, type SessionEvent, type SessionFacts } from '../fsm';
import type { LlmProvider } from '../llm/provider';
import { isDeliveryComplete } from '../tools/draft';
import type { OutboundMessage } from '../tools/types';
import {
  appendMessages,
  loadTranscript,
  openSession,
  saveSession,
  type MessageRow,
  type NewMessage,
  type SessionChange,
  type SessionRecord,
} from './postgres-mirror';
import { TRANSCRIPT_WINDOW } from './object-storage';
import type { ConversationDeps, ConversationView, Reply } from './types';

export interface Workspace {
  name: string;
  settings: Partial<WorkspaceSettings> | null;
}

/** What the state machine needs to know about the draft order (none: nothing in it). */
export function factsOf(order: Order | null): SessionFacts {
  return { itemCount: order?.items.length ?? 0, deliveryComplete: isDeliveryComplete(order?.delivery) };
}

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

export class ConversationCore {
  readonly now: () => Date;
  /** The replies of the message being handled (the RPC answer carries them). */
  replies: Reply[] = [];
  /** The customer message that triggered the running turn. */
  lastTrigger: { text: string | null; buttonId: string | null } = { text: null, buttonId: null };
  private workspaceCache: Workspace | null = null;
  private providerCache: LlmProvider | null = null;

  constructor(
    readonly deps: ConversationDeps,
    readonly key: ConversationKey,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  get store() {
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
  async save(session: SessionRecord, change?: SessionChange): Promise<void> {
    this.store.putSession(session);
    await saveSession(this.deps.db, session, change);
  }

  /** The workspace's settings (read once per engine). */
  async settings(): Promise<Partial<WorkspaceSettings> | null> {
    return (await this.workspace(this.key.workspaceId)).settings;
  }

  async workspace(workspaceId: string): Promise<Workspace> {
    if (this.workspaceCache) return this.workspaceCache;
    const [row] = await this.deps.db
      .select({ name: workspaces.name, settings: workspaces.settings })
      .from(workspaces)
      .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)));
    this.workspaceCache = { name: row?.name ?? 'la tienda', settings: row?.settings ?? null };
    return this.workspaceCache;
  }

  /** Writes transcript rows to Postgres (idempotent by id) and keeps them in the window. */
  async record(session: SessionRecord, messages: NewMessage[]): Promise<MessageRow[]> {
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

  /**
   * Records one reply (its `agent_messages` row and egress outbox row, written together by
   * `appendMessages`) and lists it among this call's replies, once: a repeat with the same id
   * writes nothing.
   */
  async reply(session: SessionRecord, id: string, message: OutboundMessage): Promise<void> {
    await this.record(session, [
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
    if (!this.replies.some((r) => r.id === id)) this.replies.push({ id, message });
  }

  /**
   * Applies one FSM event; a refused one is logged and changes nothing. `actor` is who caused it,
   * for the handoff history: `agent`, `customer` or a user id (postgres-mirror `SessionChange`).
   */
  async apply(
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

  async draft(session: SessionRecord): Promise<Order | null> {
    if (!session.draftOrderId) return null;
    const found = await getOrder(
      { db: this.deps.db },
      { workspaceId: session.workspaceId, orderId: session.draftOrderId },
    );
    return found.ok ? found.value : null;
  }

  async facts(session: SessionRecord): Promise<SessionFacts> {
    return factsOf(await this.draft(session));
  }

  /** Writes a system event into the transcript (the model reads it as a notice). */
  async event(session: SessionRecord, text: string, authorUserId: string | null = null) {
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

  provider(workspace: Workspace): LlmProvider {
    this.providerCache ??= this.deps.provider(workspace.settings);
    return this.providerCache;
  }
}
