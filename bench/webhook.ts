/**
 * `npm run bench:webhook`: load on the Infobip webhook of a Worker running locally, then an
 * end-to-end check that nothing was lost or doubled.
 *
 * Against a running Worker (`npm run dev`, default http://127.0.0.1:8787; `--url` for another,
 * e.g. `npm run dev -- --port 8788`) and its database (`DATABASE_URL`, default the local one
 * `npm run dev` uses), it:
 * 1. logs in as the demo owner and creates `--connections` sandbox connections (HMAC webhook auth,
 *    whose secret the create answer shows once, so this script signs like Infobip does);
 * 2. sends `GET /health` — the cheapest route: same Worker entry and middleware, answers 200
 *    without touching the database — at the same rate and concurrency as step 3 (`--reference`
 *    requests): the floor of this Worker on this machine; then `GET /health/ready` the same way,
 *    which adds one `SELECT 1` on a new database connection (what every webhook request pays at
 *    least once, since local Hyperdrive does not pool);
 * 3. drives `--conversations` customers × `--messages` text messages as Infobip inbound webhooks
 *    (the recorded fixture's format, one message per request, each signed), at `--rate` messages
 *    a second with at most `--concurrency` in flight; a customer's next message leaves only after
 *    the previous one was acknowledged, as Infobip delivers one chat in order;
 * 4. redelivers `--duplicates` of them (same body and signature), which must be acknowledged and
 *    ignored;
 * 5. waits (at most `--settle` seconds) and checks in the database that every message is in
 *    `agent_messages` once, had exactly one agent turn and one reply, and that every reply went
 *    through the Infobip sandbox and came back READ;
 * 6. removes the connections (unless `--keep`).
 *
 * `--reports-only` posts seen reports for message ids never sent instead of customer messages:
 * the same acknowledgement path (rate limit, connection, signature, parse, insert) with next to
 * nothing to do after the 200 — the acknowledgement alone, without the agent's turns competing
 * for the same CPU. It then checks only that every report was stored once and processed.
 *
 * It prints acknowledgement latency (p50/p95/p99/max), throughput, the ratios to the references,
 * and the end-to-end counts. Exit code 1 only when messages were lost or doubled (or a request
 * failed); never because of a time. The agent is whatever the Worker runs: without
 * ANTHROPIC_API_KEY, the offline one. Figures are recorded in docs/benchmarks.md.
 *
 *   npm run bench:webhook -- --url http://127.0.0.1:8788 --conversations 100 --messages 10 --rate 10 --concurrency 16
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createDb, type Database } from '../db/client';
import { agentMessages, agentTurns, sandboxMessages, webhookInbox } from '../db/schema';
import { DEMO_LOGIN, DEMO_WORKSPACE } from '../scripts/seed/index';
import { hmacSha256Hex } from '../workers/whatsapp/infobip/webhook-auth';

/** The database `npm run dev` starts (wrangler.toml's `localConnectionString`). */
const LOCAL_DATABASE_URL = 'postgres://nexova:nexova-local@127.0.0.1:54329/nexova';
/** What the customers write, in turn: a greeting, a catalogue question, thanks (no orders, no stock held). */
const TEXTS = ['Hola!', '¿Qué remeras tienen?', 'Muchas gracias'];

const { values: flags } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8787' },
    conversations: { type: 'string', default: '100' },
    messages: { type: 'string', default: '10' },
    rate: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    connections: { type: 'string', default: '5' },
    duplicates: { type: 'string', default: '10' },
    reference: { type: 'string', default: '300' },
    settle: { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
    'reports-only': { type: 'boolean', default: false },
  },
});

const positive = (name: keyof typeof flags): number => {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const BASE = String(flags.url).replace(/\/+$/, '');
const CONVERSATIONS = Math.floor(positive('conversations'));
const MESSAGES = Math.floor(positive('messages'));
const RATE = positive('rate');
const CONCURRENCY = Math.floor(positive('concurrency'));
const CONNECTIONS = Math.min(Math.floor(positive('connections')), CONVERSATIONS);
const DUPLICATES = Math.floor(Number(flags.duplicates) || 0);
const SETTLE_MS = positive('settle') * 1000;
const TOTAL = CONVERSATIONS * MESSAGES;
const REPORTS_ONLY = Boolean(flags['reports-only']);
const REFERENCE = Math.min(TOTAL, Math.floor(positive('reference')));

const say = (line = '') => console.log(line);
/** The machine is shared: its 1/5/15-minute load average goes with every figure. */
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

// --- HTTP ----------------------------------------------------------------------------------

async function call<T>(
  path: string,
  {
    method = 'GET',
    token,
    workspaceId,
    body,
  }: { method?: string; token?: string; workspaceId?: string; body?: unknown },
): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (workspaceId) headers['x-workspace-id'] = workspaceId;
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  }).catch((error: unknown) => {
    throw new Error(`${BASE} does not answer (is \`npm run dev\` running there? see --url)`, { cause: error });
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

interface Connection {
  id: string;
  sender: string;
  hmacHeader: string;
  secrets: { webhookSecret: string };
}

// --- Load ----------------------------------------------------------------------------------

interface Sample {
  ms: number;
  status: number;
}

/**
 * Sends `jobs` in order, the i-th no earlier than i / rate seconds after the start, with at most
 * `concurrency` in flight. `after(i)` names a job that must have finished before job i starts.
 */
async function drive(
  jobs: Array<() => Promise<number>>,
  { after }: { after?: (index: number) => number | null } = {},
): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = new Array<Sample>(jobs.length);
  const done: Array<Promise<void>> = new Array<Promise<void>>(jobs.length);
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (inFlight < CONCURRENCY) {
      inFlight++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  };
  const start = performance.now();
  for (let i = 0; i < jobs.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const previous = after?.(i);
    done[i] = (previous === null || previous === undefined ? Promise.resolve() : done[previous]!).then(async () => {
      await slot();
      const t0 = performance.now();
      try {
        const status = await jobs[i]!();
        samples[i] = { ms: performance.now() - t0, status };
      } catch {
        samples[i] = { ms: performance.now() - t0, status: 0 };
      } finally {
        release();
      }
    });
  }
  await Promise.all(done);
  return { samples, seconds: (performance.now() - start) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  throughput: number;
  errors: Record<string, number>;
}

function summarise(name: string, { samples, seconds }: { samples: Sample[]; seconds: number }): Summary {
  const ok = samples.filter((s) => s.status === 200).map((s) => s.ms);
  ok.sort((a, b) => a - b);
  const errors: Record<string, number> = {};
  for (const s of samples)
    if (s.status !== 200) errors[s.status || 'network'] = (errors[s.status || 'network'] ?? 0) + 1;
  const summary = {
    p50: percentile(ok, 50),
    p95: percentile(ok, 95),
    p99: percentile(ok, 99),
    max: ok.at(-1) ?? NaN,
    throughput: samples.length / seconds,
    errors,
  };
  const f = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  const failed = Object.entries(errors)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  say(
    `  ${name.padEnd(13)} ${String(samples.length).padStart(5)} req in ${seconds.toFixed(1)} s = ${summary.throughput.toFixed(1)} req/s` +
      `   p50 ${f(summary.p50)}  p95 ${f(summary.p95)}  p99 ${f(summary.p99)}  max ${f(summary.max)}` +
      (failed ? `   NOT 200: ${failed}` : ''),
  );
  return summary;
}

// --- Infobip payloads ----------------------------------------------------------------------

const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/infobip/inbound-text.json', import.meta.url), 'utf8'),
) as { results: Array<Record<string, unknown>> };

interface Delivery {
  messageId: string;
  connection: Connection;
  raw: string;
  signature: string;
}

/** Now in Infobip's time format (`2026-11-20T14:03:11.000+0000`). */
const infobipNow = () => new Date().toISOString().replace('Z', '+0000');

/** A webhook body for `connection`, signed with its secret as Infobip does. */
async function signed(connection: Connection, messageId: string, body: unknown): Promise<Delivery> {
  const raw = JSON.stringify(body);
  return {
    messageId,
    connection,
    raw,
    signature: `sha256=${await hmacSha256Hex(connection.secrets.webhookSecret, raw)}`,
  };
}

/** One inbound text as Infobip posts it (a batch of one), signed with the connection's secret. */
async function inbound(connection: Connection, from: string, n: number, text: string): Promise<Delivery> {
  const template = fixture.results[0]!;
  const messageId = `wamid.BENCH${crypto.randomUUID().replaceAll('-', '').toUpperCase()}`;
  const result = {
    ...template,
    from,
    to: connection.sender,
    receivedAt: infobipNow(),
    messageId,
    message: { type: 'TEXT', text },
    contact: { name: `Cliente ${n}`, phoneNumber: from, userId: null, parentUserId: null, username: null },
  };
  return signed(connection, messageId, { results: [result], messageCount: 1, pendingMessageCount: 0 });
}

/** A seen report, as Infobip posts it, for a message id we never sent (stored, then nothing to move). */
async function seenReport(connection: Connection, to: string): Promise<Delivery> {
  const messageId = `msg_BENCH${crypto.randomUUID().replaceAll('-', '').toUpperCase()}`;
  const now = infobipNow();
  const result = {
    messageId,
    from: connection.sender,
    to,
    sentAt: now,
    seenAt: now,
    applicationId: 'default',
    entityId: null,
  };
  return signed(connection, messageId, { results: [result] });
}

async function post(delivery: Delivery): Promise<Response> {
  return fetch(`${BASE}/api/v1/webhooks/infobip/${delivery.connection.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [delivery.connection.hmacHeader]: delivery.signature },
    body: delivery.raw,
  });
}

// --- End-to-end check ----------------------------------------------------------------------

interface Outcome {
  inboxRows: number;
  inboxProcessed: number;
  inboxFailed: number;
  stored: number;
  storedTwice: number;
  turns: number;
  turnsFinished: number;
  doubleTurns: number;
  replies: number;
  repliesRead: number;
  sessionsWithOneReplyEach: number;
  sessions: number;
  sandboxSent: number;
  sandboxSeen: number;
}

async function outcome(db: Database, workspaceId: string, connectionIds: string[], ids: string[]): Promise<Outcome> {
  const count = sql<number>`count(*)::int`;
  const [inbox] = await db
    .select({
      rows: count,
      processed: sql<number>`count(${webhookInbox.processedAt})::int`,
      failed: sql<number>`count(*) filter (where ${webhookInbox.processedAt} is null and ${webhookInbox.error} is not null)::int`,
    })
    .from(webhookInbox)
    .where(and(inArray(webhookInbox.connectionId, connectionIds), eq(webhookInbox.kind, 'INBOUND')));
  const stored = await db
    .select({ id: agentMessages.externalMessageId, sessionId: agentMessages.sessionId, copies: count })
    .from(agentMessages)
    .where(
      and(
        eq(agentMessages.workspaceId, workspaceId),
        eq(agentMessages.direction, 'inbound'),
        inArray(agentMessages.externalMessageId, ids),
      ),
    )
    .groupBy(agentMessages.externalMessageId, agentMessages.sessionId);
  const turns = await db
    .select({
      id: agentTurns.triggerMessageId,
      turns: count,
      finished: sql<number>`count(${agentTurns.finishedAt})::int`,
    })
    .from(agentTurns)
    .where(and(eq(agentTurns.workspaceId, workspaceId), inArray(agentTurns.triggerMessageId, ids)))
    .groupBy(agentTurns.triggerMessageId);
  const sessionIds = [...new Set(stored.map((s) => s.sessionId))];
  const perSession = sessionIds.length
    ? await db
        .select({
          sessionId: agentMessages.sessionId,
          inbound: sql<number>`count(*) filter (where ${agentMessages.direction} = 'inbound')::int`,
          outbound: sql<number>`count(*) filter (where ${agentMessages.direction} = 'outbound')::int`,
          read: sql<number>`count(*) filter (where ${agentMessages.direction} = 'outbound' and ${agentMessages.status} = 'READ')::int`,
        })
        .from(agentMessages)
        .where(and(eq(agentMessages.workspaceId, workspaceId), inArray(agentMessages.sessionId, sessionIds)))
        .groupBy(agentMessages.sessionId)
    : [];
  const [sandbox] = await db
    .select({ sent: count, seen: sql<number>`count(*) filter (where ${sandboxMessages.status} = 'SEEN')::int` })
    .from(sandboxMessages)
    .where(inArray(sandboxMessages.connectionId, connectionIds));
  return {
    inboxRows: inbox?.rows ?? 0,
    inboxProcessed: inbox?.processed ?? 0,
    inboxFailed: inbox?.failed ?? 0,
    stored: stored.length,
    storedTwice: stored.filter((s) => s.copies > 1).length,
    turns: turns.reduce((sum, t) => sum + t.turns, 0),
    turnsFinished: turns.reduce((sum, t) => sum + t.finished, 0),
    doubleTurns: turns.filter((t) => t.turns > 1).length,
    replies: perSession.reduce((sum, s) => sum + s.outbound, 0),
    repliesRead: perSession.reduce((sum, s) => sum + s.read, 0),
    sessionsWithOneReplyEach: perSession.filter((s) => s.outbound === s.inbound).length,
    sessions: perSession.length,
    sandboxSent: sandbox?.sent ?? 0,
    sandboxSeen: sandbox?.seen ?? 0,
  };
}

/** `--reports-only`: waits (at most `--settle`) until every seen report's row is processed; returns how many are. */
async function reportsProcessed(db: Database, connectionIds: string[]): Promise<number> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const [row] = await db
      .select({ processed: sql<number>`count(${webhookInbox.processedAt})::int` })
      .from(webhookInbox)
      .where(and(inArray(webhookInbox.connectionId, connectionIds), eq(webhookInbox.kind, 'SEEN')));
    const processed = row?.processed ?? 0;
    if (processed >= TOTAL || Date.now() > deadline) return processed;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const settled = (o: Outcome) =>
  o.inboxProcessed >= TOTAL &&
  o.stored >= TOTAL &&
  o.turnsFinished >= TOTAL &&
  o.replies >= TOTAL &&
  o.repliesRead >= o.replies &&
  o.sandboxSeen >= o.replies;

// --- Run -----------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = new Date();
  say(`Webhook bench against ${BASE} — ${started.toISOString()}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
  say(
    `  ${CONVERSATIONS} conversations × ${MESSAGES} messages = ${TOTAL} webhooks, ${RATE} msg/s, concurrency ${CONCURRENCY}, ` +
      `${CONNECTIONS} connections, ${DUPLICATES} duplicates${REPORTS_ONLY ? ', seen reports only' : ''}; load average ${load()}`,
  );

  const session = await call<{ accessToken: string }>('/api/v1/auth/login', { method: 'POST', body: DEMO_LOGIN });
  const token = session.accessToken;
  const workspaces = await call<{ data: Array<{ id: string; name: string }> }>('/api/v1/workspaces', { token });
  const workspace = workspaces.data.find((w) => w.name === DEMO_WORKSPACE.name) ?? workspaces.data[0];
  if (!workspace) throw new Error('the demo owner has no workspace (run `npm run db:seed`)');
  const runTag = Date.now().toString(36).toUpperCase();
  // Senders and customer numbers of this run only, so reruns never meet earlier conversations.
  const base = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const customerBase = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const connections: Connection[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    connections.push(
      await call<Connection>('/api/v1/connections', {
        method: 'POST',
        token,
        workspaceId: workspace.id,
        body: { name: `bench ${runTag} #${i + 1}`, sender: `+54911${base + i}`, webhookAuth: 'HMAC' },
      }),
    );
  }

  const db = createDb(process.env.DATABASE_URL ?? LOCAL_DATABASE_URL, { max: 2 });
  try {
    // Round-robin: message r of every conversation, then message r + 1, …
    const deliveries: Delivery[] = [];
    for (let r = 0; r < MESSAGES; r++) {
      for (let c = 0; c < CONVERSATIONS; c++) {
        const connection = connections[c % CONNECTIONS]!;
        const from = `54911${customerBase + c}`;
        deliveries.push(
          REPORTS_ONLY
            ? await seenReport(connection, from)
            : await inbound(connection, from, c + 1, TEXTS[r % TEXTS.length]!),
        );
      }
    }

    // Warm both paths (module load, first connections) outside the measurement.
    for (let i = 0; i < 5; i++) await (await fetch(`${BASE}/health`)).arrayBuffer();

    say('\nAcknowledgement latency (request sent → response read)');
    const get = (path: string) => async () => {
      const res = await fetch(`${BASE}${path}`);
      await res.arrayBuffer();
      return res.status;
    };
    const bare = summarise('/health', await drive(Array.from({ length: REFERENCE }, () => get('/health'))));
    const ready = summarise(
      '/health/ready',
      await drive(Array.from({ length: REFERENCE }, () => get('/health/ready'))),
    );

    const acks = new Map<string, { received: number; duplicates: number }>();
    const hook = summarise(
      'webhook',
      await drive(
        deliveries.map((delivery) => async () => {
          const res = await post(delivery);
          const body = (await res.json()) as { received: number; duplicates: number };
          if (res.status === 200) acks.set(delivery.messageId, body);
          return res.status;
        }),
        { after: (i) => (i >= CONVERSATIONS ? i - CONVERSATIONS : null) },
      ),
    );
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    for (const [name, reference] of [
      ['/health', bare],
      ['/health/ready', ready],
    ] as const) {
      say(
        `  ratio webhook ÷ ${name}: p50 ${ratio(hook.p50, reference.p50)}, p95 ${ratio(hook.p95, reference.p95)}, ` +
          `p99 ${ratio(hook.p99, reference.p99)}`,
      );
    }
    say(`  target p99 < 100 ms: ${hook.p99 < 100 ? 'met' : 'NOT met'} (${hook.p99.toFixed(1)} ms)`);

    say(`  load average after the load: ${load()}`);

    let duplicatesIgnored = 0;
    for (let i = 0; i < DUPLICATES; i++) {
      const delivery = deliveries[Math.floor((i * deliveries.length) / Math.max(1, DUPLICATES))]!;
      const res = await post(delivery);
      const body = (await res.json()) as { received?: number; duplicates?: number };
      if (res.status === 200 && body.received === 0 && body.duplicates === 1) duplicatesIgnored++;
    }
    if (DUPLICATES)
      say(`\nRedeliveries: ${duplicatesIgnored}/${DUPLICATES} acknowledged (200) as duplicates and ignored`);

    const ids = deliveries.map((d) => d.messageId);
    const connectionIds = connections.map((c) => c.id);
    const accepted = [...acks.values()].filter((a) => a.received === 1).length;
    if (REPORTS_ONLY) {
      const processed = await reportsProcessed(db.db, connectionIds);
      say(`\n  acknowledged as new ${accepted}/${TOTAL}, stored and processed ${processed}/${TOTAL}`);
      const correct =
        accepted === TOTAL &&
        processed === TOTAL &&
        duplicatesIgnored === DUPLICATES &&
        Object.keys(hook.errors).length === 0;
      say(`\n${correct ? 'OK: every report stored once and processed' : 'FAILED: see the counts above'}`);
      return correct ? 0 : 1;
    }

    say(`\nWaiting (at most ${SETTLE_MS / 1000} s) for every message to be handled and answered…`);
    const deadline = Date.now() + SETTLE_MS;
    const loadEnded = Date.now();
    let last = await outcome(db.db, workspace.id, connectionIds, ids);
    while (!settled(last) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      last = await outcome(db.db, workspace.id, connectionIds, ids);
    }
    const settleSeconds = (Date.now() - loadEnded) / 1000;
    const o = last;
    const lost = TOTAL - o.stored;
    say(`  settled ${settled(o) ? 'in' : 'NOT within'} ${settleSeconds.toFixed(0)} s after the last acknowledgement`);
    say(`  acknowledged as new          ${accepted}/${TOTAL}`);
    say(`  webhook_inbox rows           ${o.inboxRows} (processed ${o.inboxProcessed}, failed ${o.inboxFailed})`);
    say(`  stored in agent_messages     ${o.stored}/${TOTAL}   lost ${lost}   stored twice ${o.storedTwice}`);
    say(
      `  agent turns                  ${o.turns} (finished ${o.turnsFinished})   messages with >1 turn ${o.doubleTurns}`,
    );
    say(
      `  replies                      ${o.replies} (READ ${o.repliesRead})   conversations with one reply per message ${o.sessionsWithOneReplyEach}/${o.sessions}`,
    );
    say(`  sandbox (Infobip) sends      ${o.sandboxSent} (SEEN ${o.sandboxSeen})`);

    const correct =
      accepted === TOTAL &&
      lost === 0 &&
      o.storedTwice === 0 &&
      o.turns === TOTAL &&
      o.doubleTurns === 0 &&
      o.sessionsWithOneReplyEach === CONVERSATIONS &&
      o.sandboxSent === o.replies &&
      duplicatesIgnored === DUPLICATES &&
      Object.keys(hook.errors).length === 0;
    say(`\n${correct ? 'OK: zero lost, zero duplicated' : 'FAILED: see the counts above'}`);
    return correct ? 0 : 1;
  } finally {
    await db.close();
    if (!flags.keep) {
      for (const connection of connections) {
        await call(`/api/v1/connections/${connection.id}`, {
          method: 'DELETE',
          token,
          workspaceId: workspace.id,
        }).catch((error: unknown) => console.error(`could not remove ${connection.id}:`, error));
      }
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
