/**
 * The Conversation object's own storage (Durable Object SQLite): the live session, the inbox of
 * messages not yet handled (arrival order), processed message ids (dedupe), the transcript
 * window the model sees, and the journal of the running turn. A queued message may be waiting
 * for its file (inbound media being copied by the media queue); everything behind it waits too.
 * Every method is synchronous: a Durable Object's SQLite writes are durable before the object's
 * next output, so "write the journal, then act" holds without awaiting.
 */
import { newId } from '../../../db/ids';
import type { MessageMedia } from '../../../db/schema';
import type { InboundMessage } from '../channel';
import type { SessionState } from '../fsm';
import type { MessageRow, SessionOwner, SessionRecord } from './postgres-mirror';

/** Rows kept in the transcript window; the context builder trims further by token budget. */
export const TRANSCRIPT_WINDOW = 60;
/** Processed ids kept for dedupe; channels redeliver within minutes, so a long tail is enough. */
export const PROCESSED_IDS_KEPT = 2_000;

export interface OpenTurn {
  id: string;
  triggerMessageId: string | null;
  startedAt: number;
}

type Row = Record<string, SqlStorageValue>;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS session (
     k INTEGER PRIMARY KEY CHECK (k = 1),
     id TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     channel TEXT NOT NULL,
     contact TEXT NOT NULL,
     connection_id TEXT,
     customer_id TEXT,
     state TEXT NOT NULL,
     owner TEXT NOT NULL,
     assigned_user_id TEXT,
     handoff_reason TEXT,
     draft_order_id TEXT,
     consecutive_failures INTEGER NOT NULL,
     summary TEXT,
     last_customer_message_at INTEGER
   )`,
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS inbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     message_id TEXT NOT NULL UNIQUE,
     payload TEXT NOT NULL,
     row_id TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     media_wait_since INTEGER
   )`,
  `CREATE TABLE IF NOT EXISTS processed_messages (
     message_id TEXT PRIMARY KEY,
     processed_at INTEGER NOT NULL,
     result TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS transcript (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     row TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS turns (
     id TEXT PRIMARY KEY,
     trigger_message_id TEXT,
     started_at INTEGER NOT NULL,
     status TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS turn_steps (
     turn_id TEXT NOT NULL,
     key TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (turn_id, key)
   )`,
];

const str = (v: SqlStorageValue | undefined): string | null => (v === null || v === undefined ? null : String(v));

export class ConversationStore {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
    // Objects created before inbound media went through the media queue lack the column.
    if (!this.all("SELECT 1 FROM pragma_table_info('inbox') WHERE name = 'media_wait_since'").length) {
      sql.exec('ALTER TABLE inbox ADD COLUMN media_wait_since INTEGER');
    }
  }

  private all(query: string, ...bindings: SqlStorageValue[]): Row[] {
    return this.sql.exec<Row>(query, ...bindings).toArray();
  }

  // --- session ---------------------------------------------------------------------------

  /** The session, or null for an object that has never run (or lost its storage). */
  session(): SessionRecord | null {
    const [r] = this.all('SELECT * FROM session WHERE k = 1');
    if (!r) return null;
    return {
      id: String(r.id),
      workspaceId: String(r.workspace_id),
      channel: String(r.channel) as SessionRecord['channel'],
      contact: String(r.contact),
      connectionId: str(r.connection_id),
      customerId: str(r.customer_id),
      state: String(r.state) as SessionState,
      owner: String(r.owner) as SessionOwner,
      assignedUserId: str(r.assigned_user_id),
      handoffReason: str(r.handoff_reason),
      draftOrderId: str(r.draft_order_id),
      consecutiveFailures: Number(r.consecutive_failures),
      summary: str(r.summary),
      lastCustomerMessageAt: r.last_customer_message_at === null ? null : new Date(Number(r.last_customer_message_at)),
    };
  }

  putSession(s: SessionRecord): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO session (k, id, workspace_id, channel, contact, connection_id, customer_id, state, owner,
         assigned_user_id, handoff_reason, draft_order_id, consecutive_failures, summary, last_customer_message_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      s.id,
      s.workspaceId,
      s.channel,
      s.contact,
      s.connectionId,
      s.customerId,
      s.state,
      s.owner,
      s.assignedUserId,
      s.handoffReason,
      s.draftOrderId,
      s.consecutiveFailures,
      s.summary,
      s.lastCustomerMessageAt ? s.lastCustomerMessageAt.getTime() : null,
    );
  }

  meta(key: string): string | null {
    const [r] = this.all('SELECT value FROM meta WHERE key = ?', key);
    return r ? String(r.value) : null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.sql.exec('DELETE FROM meta WHERE key = ?', key);
    else this.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value);
  }

  // --- inbox and dedupe ------------------------------------------------------------------

  /**
   * Queues a message; false when it is already queued or was processed (a redelivery). With
   * `waitForMediaSince` (a time in ms) the message waits for its file (`attachMedia`) before it
   * can be handled — and so does every message queued after it.
   */
  enqueue(message: InboundMessage, { waitForMediaSince = null }: { waitForMediaSince?: number | null } = {}): boolean {
    if (this.wasProcessed(message.id) || this.isQueued(message.id)) return false;
    this.sql.exec(
      'INSERT INTO inbox (message_id, payload, media_wait_since) VALUES (?, ?, ?)',
      message.id,
      JSON.stringify(message),
      waitForMediaSince,
    );
    return true;
  }

  /** Since when (ms) a queued message has been waiting for its file; null when it is not waiting. */
  mediaWaitSince(messageId: string): number | null {
    const [r] = this.all('SELECT media_wait_since FROM inbox WHERE message_id = ?', messageId);
    return r?.media_wait_since === null || r?.media_wait_since === undefined ? null : Number(r.media_wait_since);
  }

  /**
   * Ends a queued message's wait for its file: `media` (when given) replaces the message's media,
   * so the turn and its transcript row see the stored file. False when the message is not
   * waiting (handled, never queued, or its wait already ended) — nothing is changed then.
   */
  endMediaWait(messageId: string, media: MessageMedia | null): boolean {
    const [r] = this.all('SELECT payload FROM inbox WHERE message_id = ? AND media_wait_since IS NOT NULL', messageId);
    if (!r) return false;
    const message = JSON.parse(String(r.payload)) as InboundMessage;
    const payload = media ? { ...message, media } : message;
    this.sql.exec(
      'UPDATE inbox SET payload = ?, media_wait_since = NULL WHERE message_id = ?',
      JSON.stringify(payload),
      messageId,
    );
    return true;
  }

  /** The oldest message not yet handled. */
  nextInbound(): InboundMessage | null {
    const [r] = this.all('SELECT payload FROM inbox ORDER BY seq LIMIT 1');
    return r ? (JSON.parse(String(r.payload)) as InboundMessage) : null;
  }

  isQueued(messageId: string): boolean {
    return this.all('SELECT 1 FROM inbox WHERE message_id = ?', messageId).length > 0;
  }

  wasProcessed(messageId: string): boolean {
    return this.all('SELECT 1 FROM processed_messages WHERE message_id = ?', messageId).length > 0;
  }

  /** Marks a message handled and keeps its result, in one step (so a redelivery never runs it again). */
  complete<T>(messageId: string, result: T, now: number): void {
    this.sql.exec('DELETE FROM inbox WHERE message_id = ?', messageId);
    this.sql.exec(
      'INSERT OR REPLACE INTO processed_messages (message_id, processed_at, result) VALUES (?, ?, ?)',
      messageId,
      now,
      JSON.stringify(result),
    );
    this.sql.exec(
      `DELETE FROM processed_messages WHERE message_id NOT IN
         (SELECT message_id FROM processed_messages ORDER BY processed_at DESC LIMIT ?)`,
      PROCESSED_IDS_KEPT,
    );
  }

  resultOf<T>(messageId: string): T | null {
    const [r] = this.all('SELECT result FROM processed_messages WHERE message_id = ?', messageId);
    return r ? (JSON.parse(String(r.result)) as T) : null;
  }

  // --- transcript window -----------------------------------------------------------------

  /** The window, in the order the rows were written. */
  transcript(): MessageRow[] {
    return this.all('SELECT row FROM transcript ORDER BY seq').map((r) => reviveRow(String(r.row)));
  }

  appendTranscript(rows: MessageRow[]): void {
    for (const row of rows) {
      this.sql.exec('INSERT OR IGNORE INTO transcript (id, row) VALUES (?, ?)', row.id, JSON.stringify(row));
    }
    this.sql.exec(
      'DELETE FROM transcript WHERE seq NOT IN (SELECT seq FROM transcript ORDER BY seq DESC LIMIT ?)',
      TRANSCRIPT_WINDOW,
    );
  }

  /**
   * A new transcript row id whose time part is strictly later than the previous one's, so the
   * conversation's rows sort by id in the order they were made (ids of one millisecond would
   * otherwise sort at random).
   */
  newMessageId(now = Date.now()): string {
    const last = Number(this.meta('last_message_ms') ?? 0);
    const at = Math.max(now, last + 1);
    this.setMeta('last_message_ms', String(at));
    return newId('msg', at);
  }

  /** Counts a failed attempt at handling a queued message; returns the attempts so far. */
  failedAttempt(messageId: string): number {
    this.sql.exec('UPDATE inbox SET attempts = attempts + 1 WHERE message_id = ?', messageId);
    const [r] = this.all('SELECT attempts FROM inbox WHERE message_id = ?', messageId);
    return Number(r?.attempts ?? 0);
  }

  /** The transcript row id of a queued message, fixed the first time it is asked for. */
  inboundRowId(messageId: string): string {
    const [r] = this.all('SELECT row_id FROM inbox WHERE message_id = ?', messageId);
    if (r?.row_id) return String(r.row_id);
    const id = this.newMessageId();
    this.sql.exec('UPDATE inbox SET row_id = ? WHERE message_id = ?', id, messageId);
    return id;
  }

  // --- turn journal ----------------------------------------------------------------------

  openTurn(): OpenTurn | null {
    const [r] = this.all("SELECT * FROM turns WHERE status = 'RUNNING' ORDER BY started_at LIMIT 1");
    return r
      ? { id: String(r.id), triggerMessageId: str(r.trigger_message_id), startedAt: Number(r.started_at) }
      : null;
  }

  beginTurn(turn: OpenTurn): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO turns (id, trigger_message_id, started_at, status) VALUES (?, ?, ?, 'RUNNING')",
      turn.id,
      turn.triggerMessageId,
      turn.startedAt,
    );
  }

  /** Closes the turn and drops its journal (Postgres keeps the record). */
  endTurn(turnId: string): void {
    this.sql.exec('DELETE FROM turn_steps WHERE turn_id = ?', turnId);
    this.sql.exec('DELETE FROM turns WHERE id = ?', turnId);
  }

  step<T>(turnId: string, key: string): T | null {
    const [r] = this.all('SELECT data FROM turn_steps WHERE turn_id = ? AND key = ?', turnId, key);
    return r ? (JSON.parse(String(r.data)) as T) : null;
  }

  putStep<T>(turnId: string, key: string, data: T): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO turn_steps (turn_id, key, data) VALUES (?, ?, ?)',
      turnId,
      key,
      JSON.stringify(data),
    );
  }
}

function reviveRow(json: string): MessageRow {
  const row = JSON.parse(json) as MessageRow & { createdAt: string; updatedAt: string; media: MessageMedia | null };
  return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}
