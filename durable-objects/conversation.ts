import { Agent } from 'agents';
import { createDb, type Database } from '../db/client';
import { log } from '../workers/core/observability/logger';
import { pokeOutboxPublisher } from '../workers/core/outbox/poke';
import { parseConversationName, type ConversationKey, type InboundMessage } from '../workers/agent/channel';
import {
  agentToolRunner,
  ConversationEngine,
  NOT_HANDLED_HANDOFF_REASON,
  sessionTimeoutMinutes,
  type AssignResult,
  type ConversationView,
  type OperatorMessage,
  type OperatorReplyResult,
  type ReceiveResult,
} from '../workers/agent/conversation/index';
import type { MediaOutcome } from '../workers/agent/channel';
import { ConversationStore } from '../workers/agent/conversation/object-storage';
import type { SessionRecord } from '../workers/agent/conversation/postgres-mirror';
import { providerFor } from '../workers/agent/llm';
import type { LlmProvider } from '../workers/agent/llm/provider';
import { noteNotHandled, type InboundRef } from '../workers/whatsapp/inbox-notes';
import { noteMediaAbandoned } from '../workers/whatsapp/media';

/** A queued message waits this long for its turn before the object wakes itself to finish it. */
const RESUME_AFTER_SECONDS = 90;
/**
 * Attempts at handling one message before it is set aside: logged as an error, the conversation
 * handed to a person and its `webhook_inbox` row noted `not handled: …`.
 */
export const MAX_ATTEMPTS = 5;
/**
 * Safety net: a message waits this long for its file (the media queue's `attachMedia`) before
 * it goes on without it. The queue itself gives up well before (workers/whatsapp/media.ts).
 */
export const MEDIA_WAIT_MINUTES = 15;

/** The result kept for a message that was set aside: nothing was replied. */
const setAside = (messageId: string, session: SessionRecord | null): ReceiveResult => ({
  messageId,
  duplicate: false,
  sessionId: session?.id ?? '',
  state: session?.state ?? 'IDLE',
  owner: session?.owner ?? 'agent',
  replies: [],
  turn: null,
  failed: true,
});

/**
 * One object per (workspace, channel, contact), named `${workspaceId}:${channel}:${contact}`
 * (see `conversationName`). Built on the agents SDK `Agent` (SQLite storage, `schedule` for
 * timers). The logic lives in workers/agent/conversation/; this class serialises calls, owns
 * storage and timers, and builds the per-call dependencies (database, model). Its `env` is the
 * ambient `Cloudflare.Env` (the SDK requires it), so this file imports no `Env` and sits in no
 * type cycle with workers/env.ts.
 */
export class Conversation extends Agent {
  /** Tests only (set through `runInDurableObject`): the model to use instead of `providerFor`. */
  providerOverride: LlmProvider | null = null;
  /** Tests only: the whole-turn bound in ms instead of 60 s. */
  turnTimeoutOverride: number | null = null;

  readonly #store = new ConversationStore(this.ctx.storage.sql);
  #tail: Promise<unknown> = Promise.resolve();
  /** Messages the media safety net let go on without their file, whose `webhook_inbox` rows still need the note. */
  #releasedWithoutMedia: InboundMessage[] = [];
  /** Messages set aside after `MAX_ATTEMPTS` failures, still to be reported (handoff, `webhook_inbox` note). */
  #setAside: Array<{ message: InboundMessage; error: unknown }> = [];

  /** Errors the SDK routes here (a failing scheduled callback) go to our JSON log, then on as before. */
  override onError(connectionOrError: unknown, error?: unknown): never {
    log.error('conversation: unhandled error', { conversation: this.name, error: error ?? connectionOrError });
    throw error ?? connectionOrError;
  }

  /** Runs `work` after everything queued before it: one operation at a time, in call order. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  get #key(): ConversationKey {
    const key = parseConversationName(this.name);
    if (!key) throw new Error(`Conversation object named "${this.name}" is not workspace:channel:contact`);
    return key;
  }

  /**
   * Runs `work` with an engine over a connection of its own. Everything the engine writes goes
   * through the outbox (replies, events), so unless `readOnly` the publisher is poked afterwards:
   * the rows leave within moments instead of at the next cron.
   */
  async #withEngine<T>(
    work: (engine: ConversationEngine, db: Database) => Promise<T>,
    { readOnly = false } = {},
  ): Promise<T> {
    const handle = createDb(this.env.HYPERDRIVE.connectionString, { max: 2 });
    const engine = new ConversationEngine(
      {
        db: handle.db,
        files: this.env.FILES,
        store: this.#store,
        tools: agentToolRunner,
        provider: (settings) => this.providerOverride ?? providerFor(this.env, settings),
        ...(this.turnTimeoutOverride ? { turnTimeoutMs: this.turnTimeoutOverride } : {}),
      },
      this.#key,
    );
    try {
      return await work(engine, handle.db);
    } finally {
      this.ctx.waitUntil(handle.close().catch(() => {}));
      if (!readOnly) this.ctx.waitUntil(pokeOutboxPublisher(this.env));
    }
  }

  /**
   * Takes a customer message and returns as soon as it is stored in this object's storage — not
   * after the agent's turn. The webhook path uses it, so its `waitUntil` is a few milliseconds
   * whatever the model's latency. The message is then handled in the background, in arrival
   * order, exactly as `receive` would; if the object is evicted first, the resume alarm (armed
   * before returning) finishes it. A message id already taken or handled answers
   * `duplicate: true`. With `waitForMedia` the message (and every later one) is not handled
   * until `attachMedia` ends its wait, or `MEDIA_WAIT_MINUTES` pass.
   */
  async accept(message: InboundMessage, { waitForMedia = false } = {}): Promise<{ duplicate: boolean }> {
    // `enqueue` refuses an id already handled or already queued.
    if (!this.#store.enqueue(message, { waitForMediaSince: waitForMedia ? Date.now() : null })) {
      return { duplicate: true };
    }
    await this.#armResume();
    this.ctx.waitUntil(
      this.#serial(() => this.#drain()).catch((error: unknown) =>
        // Left queued with its attempt counted; the resume alarm tries again.
        log.warn('conversation: background handling failed', { conversation: this.name, messageId: message.id, error }),
      ),
    );
    return { duplicate: false };
  }

  /**
   * Handles one customer message and returns what the agent replied. A message id is processed
   * once (a redelivery answers `duplicate: true` and does nothing); messages of one conversation
   * are handled one at a time, in arrival order; a turn cut short by an eviction is finished,
   * without repeating its writes, before the next message.
   */
  async receive(message: InboundMessage): Promise<ReceiveResult> {
    const previous = this.#store.resultOf<ReceiveResult>(message.id);
    if (previous) return { ...previous, duplicate: true, replies: [] };
    // A redelivery of a message still in the queue waits for the first delivery's result.
    const first = this.#store.enqueue(message);
    if (first) await this.#armResume();
    return this.#serial(async () => {
      await this.#drain();
      const result = this.#store.resultOf<ReceiveResult>(message.id);
      if (!result) throw new Error(`message ${message.id} was not handled`);
      return first ? result : { ...result, duplicate: true, replies: [] };
    });
  }

  /**
   * The media queue's answer for a message accepted with `waitForMedia`: the stored file (linked
   * as the message's media, so its turn and transcript row have `r2Key`) or `failed` (it goes on
   * without the file, Infobip's URL kept). Returns once recorded; the message and those queued
   * behind it are then handled in the background. Idempotent: for a message no longer waiting
   * (already answered, given up, handled) it changes nothing and answers `attached: false`.
   */
  async attachMedia(messageId: string, outcome: MediaOutcome): Promise<{ attached: boolean }> {
    const media = 'media' in outcome ? outcome.media : null;
    if (!this.#store.endMediaWait(messageId, media)) return { attached: false };
    if (!media) {
      log.warn('conversation: message goes on without its file', {
        conversation: this.name,
        messageId,
        reason: 'failed' in outcome ? outcome.failed : null,
      });
    }
    this.ctx.waitUntil(
      this.#serial(() => this.#drain()).catch((error: unknown) =>
        log.warn('conversation: background handling failed', { conversation: this.name, messageId, error }),
      ),
    );
    return { attached: true };
  }

  /**
   * The oldest queued message if it can be handled now: not one still waiting for its file
   * (everything behind it waits too, to keep arrival order) — unless it has waited
   * `MEDIA_WAIT_MINUTES`, then it goes on without the file.
   */
  #nextReady(): InboundMessage | null {
    const next = this.#store.nextInbound();
    if (!next) return null;
    const since = this.#store.mediaWaitSince(next.id);
    if (since === null) return next;
    if (Date.now() - since < MEDIA_WAIT_MINUTES * 60_000) return null;
    log.warn('conversation: media never attached, message goes on without its file', {
      conversation: this.name,
      messageId: next.id,
      waitedMinutes: Math.round((Date.now() - since) / 60_000),
    });
    this.#store.endMediaWait(next.id, null);
    this.#releasedWithoutMedia.push(next);
    return this.#store.nextInbound();
  }

  /**
   * Handles queued messages, oldest first, each marked processed together with its result;
   * stops at a message waiting for its file, and has the resume alarm look again when that wait
   * runs out.
   */
  async #drain(): Promise<void> {
    if (this.#nextReady()) {
      await this.#withEngine(async (engine, db) => {
        try {
          await this.#handleReady(engine);
        } finally {
          await this.#noteReleasedWithoutMedia(db);
          await this.#reportSetAside(engine, db);
        }
      });
    }
    const waiting = this.#store.nextInbound();
    const since = waiting && this.#store.mediaWaitSince(waiting.id);
    if (since) {
      await this.#rearmResume(Math.max(1, Math.ceil((since + MEDIA_WAIT_MINUTES * 60_000 - Date.now()) / 1000)));
    } else {
      await this.#disarm('resume_schedule_id');
    }
  }

  /** Handles the ready messages one after the other, each marked processed together with its result. */
  async #handleReady(engine: ConversationEngine): Promise<void> {
    for (let next = this.#nextReady(); next; next = this.#nextReady()) {
      const message = next;
      let result: ReceiveResult;
      try {
        result = await engine.handleInbound(message);
      } catch (error) {
        // Retried by the next call or the resume alarm; a message that keeps failing is set
        // aside, so it cannot block the conversation's later messages.
        const attempts = this.#store.failedAttempt(message.id);
        if (attempts < MAX_ATTEMPTS) {
          await this.#rearmResume();
          throw error;
        }
        log.error('conversation: message set aside after repeated failures', {
          conversation: this.name,
          messageId: message.id,
          attempts,
          error,
        });
        result = setAside(message.id, this.#store.session());
        this.#setAside.push({ message, error });
      }
      this.#store.complete(message.id, result, Date.now());
      if (result.sessionId) await this.#armTimeout(engine);
    }
  }

  /**
   * Writes `media not stored: …` on the `webhook_inbox` rows of the messages the safety net let
   * go on, so operators (and the operations view's count) see it. Best effort: a failure is
   * logged and the note is not retried — the message itself was already handled.
   */
  async #noteReleasedWithoutMedia(db: Database): Promise<void> {
    for (const message of this.#releasedWithoutMedia.splice(0)) {
      const row = this.#inboxRef(message);
      if (!row) continue;
      await noteMediaAbandoned(db, row, `no file after ${MEDIA_WAIT_MINUTES} minutes`).catch((error: unknown) =>
        log.warn('conversation: could not note a message gone on without its file', {
          conversation: this.name,
          messageId: message.id,
          error,
        }),
      );
    }
  }

  /** Where a WhatsApp message's `webhook_inbox` row is (the simulator's messages have none). */
  #inboxRef(message: InboundMessage): InboundRef | null {
    if (!message.connectionId) return null;
    return { workspaceId: this.#key.workspaceId, connectionId: message.connectionId, messageId: message.id };
  }

  /**
   * A message set aside got no answer and is not in the transcript, so a person has to look:
   * the conversation is handed to the operators (`handoff:requested`, with the message's text in
   * the reason) and its `webhook_inbox` row says `not handled: …`, which the operations view
   * counts. Best effort, each step on its own: the failure that set the message aside may stop
   * these too, and then the error log is what remains.
   */
  async #reportSetAside(engine: ConversationEngine, db: Database): Promise<void> {
    for (const { message, error } of this.#setAside.splice(0)) {
      const fields = { conversation: this.name, messageId: message.id };
      const text = message.text?.trim();
      const reason = text
        ? `${NOT_HANDLED_HANDOFF_REASON}: «${text.length > 120 ? `${text.slice(0, 120)}…` : text}»`
        : `${NOT_HANDLED_HANDOFF_REASON} (${message.type})`;
      await engine
        .requestHandoff(reason, null)
        .catch((cause: unknown) =>
          log.warn('conversation: could not hand off a message set aside', { ...fields, error: cause }),
        );
      const row = this.#inboxRef(message);
      if (!row) continue;
      const detail = error instanceof Error ? error.message : String(error);
      await noteNotHandled(db, row, `set aside after ${MAX_ATTEMPTS} failed attempts: ${detail}`).catch(
        (cause: unknown) => log.warn('conversation: could not note a message set aside', { ...fields, error: cause }),
      );
    }
  }

  /**
   * Alarm callback (agents SDK `schedule`): finishes messages left queued by an eviction.
   * Idempotent: with nothing queued it does nothing.
   */
  async resumePending(): Promise<void> {
    await this.#serial(() => this.#drain());
  }

  /**
   * Alarm callback: closes the session after the workspace's inactivity timeout (30 min by
   * default) — back to IDLE, the open draft cancelled and its stock released. A session that was
   * active meanwhile, a human's, or one mid-confirmation is left alone.
   */
  async sessionTimeout(): Promise<void> {
    await this.#serial(() =>
      this.#withEngine(async (engine) => {
        this.#store.setMeta('timeout_schedule_id', null);
        const last = Number(this.#store.meta('last_activity_at') ?? 0);
        const closed = await engine.timeout(last);
        // Fired early (activity since it was set) or blocked (mid-confirmation): look again later.
        const session = this.#store.session();
        if (!closed && session?.owner === 'agent' && session.state !== 'IDLE') {
          const minutes = sessionTimeoutMinutes(await engine.settings());
          const wait = Math.max(60, Math.ceil((last + minutes * 60_000 - Date.now()) / 1000));
          const schedule = await this.schedule(wait, 'sessionTimeout');
          this.#store.setMeta('timeout_schedule_id', schedule.id);
        }
      }),
    );
  }

  /**
   * An operator takes the conversation (HANDOFF, owner human, assigned to them): the agent stays
   * silent until `release`. Serialised with turns, so it never lands mid-turn. Assigning it again
   * to the same operator changes nothing; one held by another operator answers `TAKEN`.
   */
  async assign(userId: string): Promise<AssignResult> {
    return this.#serial(() => this.#withEngine((engine) => engine.assign(userId)));
  }

  /**
   * The conversation goes to a human (HANDOFF, owner human, unassigned) with a reason; the agent
   * stays silent until `release`. Repeating it changes nothing.
   */
  async requestHandoff(reason: string, userId: string | null = null): Promise<ConversationView> {
    return this.#serial(() => this.#withEngine((engine) => engine.requestHandoff(reason, userId)));
  }

  /**
   * The operator releases the conversation to the agent; the hand-back is recorded in the
   * transcript as a system event, so the agent knows the human stretch ended. Repeating it
   * changes nothing.
   */
  async release(userId: string | null = null): Promise<ConversationView> {
    return this.#serial(() =>
      this.#withEngine(async (engine) => {
        const view = await engine.release(userId);
        await this.#armTimeout(engine);
        return view;
      }),
    );
  }

  /**
   * The assigned operator's message to the customer: in the transcript window (so the agent
   * resumes with it) and on its way through egress, written in one transaction; answers its id. Refused with
   * `NOT_ASSIGNED` unless the conversation is assigned to `userId`, and `WINDOW_CLOSED` for free
   * text outside WhatsApp's 24 h window.
   */
  async operatorReply(userId: string, message: OperatorMessage): Promise<OperatorReplyResult> {
    return this.#serial(() => this.#withEngine((engine) => engine.operatorReply(userId, message)));
  }

  /** The live session (rebuilt from Postgres if this object lost its storage). Read-only. */
  async snapshot(): Promise<ConversationView> {
    return this.#serial(() =>
      this.#withEngine(async (engine) => engine.view(await engine.session(), this.#store.nextInbound() ? 1 : 0), {
        readOnly: true,
      }),
    );
  }

  /** (Re)starts the inactivity timer from now. */
  async #armTimeout(engine: ConversationEngine): Promise<void> {
    this.#store.setMeta('last_activity_at', String(Date.now()));
    await this.#disarm('timeout_schedule_id');
    const minutes = sessionTimeoutMinutes(await engine.settings());
    const schedule = await this.schedule(minutes * 60, 'sessionTimeout');
    this.#store.setMeta('timeout_schedule_id', schedule.id);
  }

  async #rearmResume(seconds = RESUME_AFTER_SECONDS): Promise<void> {
    await this.#disarm('resume_schedule_id');
    await this.#armResume(seconds);
  }

  async #armResume(seconds = RESUME_AFTER_SECONDS): Promise<void> {
    if (this.#store.meta('resume_schedule_id')) return;
    const schedule = await this.schedule(seconds, 'resumePending');
    this.#store.setMeta('resume_schedule_id', schedule.id);
  }

  async #disarm(key: 'timeout_schedule_id' | 'resume_schedule_id'): Promise<void> {
    const id = this.#store.meta(key);
    if (!id) return;
    this.#store.setMeta(key, null);
    await this.cancelSchedule(id).catch((error: unknown) =>
      log.warn('conversation: cancel schedule failed', { error }),
    );
  }
}
