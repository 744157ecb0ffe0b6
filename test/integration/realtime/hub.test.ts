import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { REPLAY_MAX_AGE_MS, REPLAY_MAX_EVENTS, type WorkspaceHub } from '../../../durable-objects/workspace-hub';
import { CLOSE_MEMBERSHIP_ENDED, CLOSE_PERMISSIONS_CHANGED } from '../../../workers/core/realtime/schema';
import { loadSigningKeys, signRealtimeToken } from '../../../workers/core/auth/tokens';
import { createRole } from '../../../workers/core/rbac/roles';
import { removeMember, updateMember } from '../../../workers/core/tenancy/members';
import { PING_FRAME, RealtimeTicketSchema } from '../../../workers/core/realtime/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { addMember, seedWorkspace, seedTenants, type Tenants } from '../../harness/tenants';
import { connect, connectRaw, outboxEvent, ticketFor } from './client';

let t: Tenants;

beforeAll(async () => {
  t = await seedTenants();
});

const hubOf = (workspaceId: string) => env.WORKSPACE_HUB.getByName(workspaceId);

describe('realtime ticket', () => {
  it('any member gets a 60-second ticket whose url opens the socket', async () => {
    const res = await api('/api/v1/realtime/token', { method: 'POST', token: t.a.viewer.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    const ticket = RealtimeTicketSchema.parse(res.body);
    expect(ticket.expiresIn).toBe(60);
    expect(ticket.url).toBe(`/api/v1/realtime?token=${encodeURIComponent(ticket.token)}`);
    const client = await connect(ticket.url.split('?')[1]!);
    expect(client.hello).toMatchObject({ type: 'hello', resumed: false, reset: false });
    expect(client.hello.epoch).toEqual(expect.any(String));
    client.close();
  });

  it('needs a bearer token and membership of the workspace', async () => {
    expect((await api('/api/v1/realtime/token', { method: 'POST', workspaceId: t.a.id })).status).toBe(401);
    const outsider = await api('/api/v1/realtime/token', {
      method: 'POST',
      token: t.b.owner.token,
      workspaceId: t.a.id,
    });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('NOT_FOUND');
  });

  it('is not an access token', async () => {
    const token = await ticketFor(t.a.owner, t.a.id);
    const res = await api('/api/v1/workspace', { token, workspaceId: t.a.id });
    expect(res.status).toBe(401);
  });
});

describe('connecting', () => {
  it('answers 426 to a request that is not a WebSocket upgrade', async () => {
    const token = await ticketFor(t.a.owner, t.a.id);
    const res = await connectRaw(`token=${token}`, { upgrade: false });
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPGRADE_REQUIRED');
  });

  it('answers 401 to a missing, malformed, expired or access token', async () => {
    const keys = await loadSigningKeys(env);
    const expired = await signRealtimeToken(
      keys,
      { userId: t.a.owner.id, workspaceId: t.a.id, ttlSeconds: 60 },
      new Date(Date.now() - 61_000),
    );
    for (const query of ['token=not-a-jwt', `token=${expired.token}`, `token=${t.a.owner.token}`]) {
      const res = await connectRaw(query);
      expect(res.status, query).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    const missing = await connectRaw('');
    expect(missing.status).toBe(400);
    const badSince = await connectRaw(`token=${await ticketFor(t.a.owner, t.a.id)}&since=-1`);
    expect(badSince.status).toBe(400);
  });

  it('answers 404 to a validly signed token for a workspace the user is not a member of', async () => {
    const keys = await loadSigningKeys(env);
    const foreign = await signRealtimeToken(keys, { userId: t.b.owner.id, workspaceId: t.a.id, ttlSeconds: 60 });
    const res = await connectRaw(`token=${foreign.token}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('re-reads the membership: a member removed after getting the ticket gets 404', async () => {
    const shop = await seedWorkspace('Realtime removal');
    const member = await addMember(shop, 'Operator');
    const token = await ticketFor(member, shop.id);
    const removed = await removeMember(
      { db: testDb() },
      {
        workspaceId: shop.id,
        actor: { userId: shop.owner.id, roleId: shop.owner.roleId },
        memberId: member.membershipId,
      },
    );
    expect(removed.ok).toBe(true);
    expect((await connectRaw(`token=${token}`)).status).toBe(404);
  });

  it('a workspace deleted after the ticket was issued answers 404', async () => {
    const shop = await seedWorkspace('Realtime deleted workspace');
    const token = await ticketFor(shop.owner, shop.id);
    const deleted = await api(`/api/v1/workspaces/${shop.id}`, { method: 'DELETE', token: shop.owner.token });
    expect(deleted.status).toBe(204);
    expect((await connectRaw(`token=${token}`)).status).toBe(404);
  });

  it('answers a ping with a pong', async () => {
    const client = await connect(`token=${await ticketFor(t.a.operator, t.a.id)}`);
    client.ws.send(PING_FRAME);
    // Not byte-for-byte the auto-response's ping: the object itself answers.
    client.ws.send(' { "type": "ping" } ');
    client.ws.send('not json');
    expect((await client.waitForFrames(3)).slice(1)).toEqual([{ type: 'pong' }, { type: 'pong' }]);
    client.close();
  });
});

describe('broadcast', () => {
  it('a published event reaches connected members with increasing seq; a redelivered one is broadcast once', async () => {
    const shop = await seedWorkspace('Realtime broadcast');
    const operator = await addMember(shop, 'Operator');
    const owner = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    const other = await connect(`token=${await ticketFor(operator, shop.id)}`);
    expect(owner.hello.seq).toBe(0);

    const first = outboxEvent(shop.id, 'message:new', {
      sessionId: 'ses_1',
      messageId: 'msg_1',
      direction: 'inbound',
      role: 'customer',
      content: 'hola',
    });
    const second = outboxEvent(shop.id, 'order:created', { orderId: 'ord_1', number: 7, status: 'PENDING', total: 1 });
    expect(await hubOf(shop.id).publish(first)).toBe(1);
    expect(await hubOf(shop.id).publish(first)).toBeNull();
    expect(await hubOf(shop.id).publish(outboxEvent(shop.id, 'product:updated', { productId: 'prd_1' }))).toBeNull();
    expect(await hubOf(shop.id).publish(second)).toBe(2);

    for (const client of [owner, other]) {
      const frames = await client.waitForFrames(3);
      expect(frames.slice(1)).toEqual([
        {
          type: 'event',
          seq: 1,
          event: {
            id: first.id,
            type: 'message:new',
            at: first.createdAt,
            data: { sessionId: 'ses_1', messageId: 'msg_1', direction: 'inbound', role: 'customer' },
          },
        },
        {
          type: 'event',
          seq: 2,
          event: {
            id: second.id,
            type: 'order:updated',
            at: second.createdAt,
            data: { orderId: 'ord_1', number: 7, status: 'PENDING' },
          },
        },
      ]);
    }
    const metrics = await api('/metrics');
    expect(metrics.body).toContain('realtime_events_total{type="message:new",outcome="broadcast"}');
    expect(metrics.body).toContain('realtime_events_total{type="message:new",outcome="duplicate"}');
    expect(metrics.body).toContain('realtime_connections_total{outcome="new"}');
    // The hub is per workspace: another workspace's socket heard nothing of it.
    const elsewhere = await connect(`token=${await ticketFor(t.b.owner, t.b.id)}`);
    expect(elsewhere.hello.seq).toBe(0);
    for (const client of [owner, other, elsewhere]) client.close();
  });

  it('a member only receives the types its role may read', async () => {
    const shop = await seedWorkspace('Realtime permissions');
    const created = await createRole(
      { db: testDb() },
      {
        workspaceId: shop.id,
        actor: { userId: shop.owner.id, roleId: shop.owner.roleId },
        name: 'Inbox only',
        permissions: ['conversations:read'],
      },
    );
    if (!created.ok) throw new Error(created.error);
    const inboxOnly = await addMember(shop, { id: created.value.id });
    const reader = await connect(`token=${await ticketFor(inboxOnly, shop.id)}`);
    const owner = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);

    await hubOf(shop.id).publish(
      outboxEvent(shop.id, 'order:updated', { orderId: 'ord_1', number: 1, status: 'CONFIRMED' }),
    );
    await hubOf(shop.id).publish(outboxEvent(shop.id, 'stock:low', { variantId: 'var_1', available: 1 }));
    await hubOf(shop.id).publish(outboxEvent(shop.id, 'handoff:requested', { sessionId: 'ses_9', reason: 'humano' }));

    // Frames of one socket arrive in publish order: once the handoff is in, nothing earlier is pending.
    await reader.waitForEvent((f) => f.event.type === 'handoff:requested');
    expect(reader.events().map((f) => [f.seq, f.event.type])).toEqual([[3, 'handoff:requested']]);
    await owner.waitForEvent((f) => f.event.type === 'handoff:requested');
    expect(owner.events().map((f) => f.event.type)).toEqual(['order:updated', 'stock:low', 'handoff:requested']);

    // Replays are filtered the same way.
    const again = await connect(`token=${await ticketFor(inboxOnly, shop.id)}&since=0&epoch=${reader.hello.epoch}`);
    expect(again.hello).toMatchObject({ seq: 3, resumed: true, reset: false });
    await again.waitForEvent((f) => f.seq === 3);
    expect(again.events().map((f) => f.seq)).toEqual([3]);
    for (const client of [reader, owner, again]) client.close();
  });
});

describe('closing', () => {
  it('a closed socket leaves the room: later events still reach the others, and the close is counted', async () => {
    const shop = await seedWorkspace('Realtime close');
    const leaving = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    const staying = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    const openSockets = () =>
      runInDurableObject(hubOf(shop.id), (_hub: WorkspaceHub, state) => state.getWebSockets().length);
    expect(await openSockets()).toBe(2);
    leaving.ws.close(1000, 'bye');
    await vi.waitFor(async () => expect(await openSockets()).toBe(1), { timeout: 10_000, interval: 50 });
    expect((await api('/metrics')).body).toContain('realtime_disconnects_total{code="1000"}');
    const event = outboxEvent(shop.id, 'message:new', { sessionId: 's', messageId: 'm1' });
    expect(await hubOf(shop.id).publish(event)).toBe(1);
    expect((await staying.waitForEvent((f) => f.event.id === event.id)).seq).toBe(1);
    expect(leaving.events()).toEqual([]);
    staying.close();
  });
});

describe('access changes while connected', () => {
  it('the minute check closes the sockets of a removed member (4403) and of a member whose role changed (4409)', async () => {
    const shop = await seedWorkspace('Realtime revalidation');
    const created = await createRole(
      { db: testDb() },
      {
        workspaceId: shop.id,
        actor: { userId: shop.owner.id, roleId: shop.owner.roleId },
        name: 'Inbox only',
        permissions: ['conversations:read'],
      },
    );
    if (!created.ok) throw new Error(created.error);
    const [leaver, demoted] = [await addMember(shop, 'Operator'), await addMember(shop, 'Operator')];
    const sockets = {
      owner: await connect(`token=${await ticketFor(shop.owner, shop.id)}`),
      leaver: await connect(`token=${await ticketFor(leaver, shop.id)}`),
      demoted: await connect(`token=${await ticketFor(demoted, shop.id)}`),
    };
    const actor = { userId: shop.owner.id, roleId: shop.owner.roleId };
    expect(
      (await removeMember({ db: testDb() }, { workspaceId: shop.id, actor, memberId: leaver.membershipId })).ok,
    ).toBe(true);
    const changed = await updateMember(
      { db: testDb() },
      { workspaceId: shop.id, actor, memberId: demoted.membershipId, roleId: created.value.id },
    );
    expect(changed.ok).toBe(true);

    expect(await runDurableObjectAlarm(hubOf(shop.id))).toBe(true);
    expect(await sockets.leaver.waitForClose()).toEqual({ code: CLOSE_MEMBERSHIP_ENDED, reason: 'membership ended' });
    expect(await sockets.demoted.waitForClose()).toEqual({
      code: CLOSE_PERMISSIONS_CHANGED,
      reason: 'permissions changed',
    });
    // The owner's access did not change: still connected, still receiving.
    const event = outboxEvent(shop.id, 'order:updated', { orderId: 'ord_1', number: 1, status: 'PENDING' });
    await hubOf(shop.id).publish(event);
    await sockets.owner.waitForEvent((f) => f.event.id === event.id);
    expect(sockets.owner.closed).toBeNull();
    // The demoted member reconnects and now gets the narrower filter.
    const again = await connect(
      `token=${await ticketFor(demoted, shop.id)}&since=0&epoch=${sockets.owner.hello.epoch}`,
    );
    expect(again.hello).toMatchObject({ resumed: true, seq: 1 });
    expect(again.events()).toEqual([]);
    for (const client of [sockets.owner, again]) client.close();
  });
});

describe('resume', () => {
  it('a client reconnecting with since and epoch gets exactly the events it missed, then new ones', async () => {
    const shop = await seedWorkspace('Realtime resume');
    const first = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    const publish = (n: number) =>
      hubOf(shop.id).publish(
        outboxEvent(shop.id, 'message:status', { sessionId: 's', messageId: `msg_${n}`, status: 'SENT' }),
      );
    await publish(1);
    await publish(2);
    await first.waitForEvent((f) => f.seq === 2);
    first.close();
    await publish(3);
    await publish(4);

    const epoch = first.hello.epoch;
    const resumed = await connect(`token=${await ticketFor(shop.owner, shop.id)}&since=2&epoch=${epoch}`);
    expect(resumed.hello).toEqual({ type: 'hello', seq: 4, epoch, resumed: true, reset: false });
    await publish(5);
    const frames = await resumed.waitForFrames(4);
    expect(frames.slice(1).map((f) => (f.type === 'event' ? [f.seq, f.event.data.messageId] : f.type))).toEqual([
      [3, 'msg_3'],
      [4, 'msg_4'],
      [5, 'msg_5'],
    ]);

    const upToDate = await connect(`token=${await ticketFor(shop.owner, shop.id)}&since=5&epoch=${epoch}`);
    expect(upToDate.hello).toMatchObject({ seq: 5, resumed: true, reset: false });
    for (const client of [resumed, upToDate]) client.close();
  });

  it('another epoch, a seq from the future, or a since older than the buffer means reset', async () => {
    const shop = await seedWorkspace('Realtime reset');
    const ticket = () => ticketFor(shop.owner, shop.id);
    const { hello } = await connect(`token=${await ticket()}`);
    await hubOf(shop.id).publish(outboxEvent(shop.id, 'message:new', { sessionId: 's', messageId: 'm1' }));

    const wrongEpoch = await connect(`token=${await ticket()}&since=0&epoch=another-epoch`);
    expect(wrongEpoch.hello).toMatchObject({ seq: 1, resumed: false, reset: true });
    const noEpoch = await connect(`token=${await ticket()}&since=0`);
    expect(noEpoch.hello).toMatchObject({ resumed: false, reset: true });
    const future = await connect(`token=${await ticket()}&since=9&epoch=${hello.epoch}`);
    expect(future.hello).toMatchObject({ resumed: false, reset: true });

    // Ten minutes later the buffered event is gone: since=0 can no longer be honoured.
    await runInDurableObject(hubOf(shop.id), (_hub: WorkspaceHub, state) => {
      state.storage.sql.exec('UPDATE hub_events SET stored_at = stored_at - ?', REPLAY_MAX_AGE_MS + 1);
    });
    const stale = await connect(`token=${await ticket()}&since=0&epoch=${hello.epoch}`);
    expect(stale.hello).toEqual({ type: 'hello', seq: 1, epoch: hello.epoch, resumed: false, reset: true });
    for (const client of [wrongEpoch, noEpoch, future, stale]) client.close();
  });

  it(`keeps only the last ${REPLAY_MAX_EVENTS} events`, async () => {
    const shop = await seedWorkspace('Realtime buffer');
    const total = REPLAY_MAX_EVENTS + 2;
    await runInDurableObject(hubOf(shop.id), async (hub: WorkspaceHub) => {
      for (let n = 1; n <= total; n++) {
        await hub.publish(outboxEvent(shop.id, 'message:new', { sessionId: 's', messageId: `m${n}` }));
      }
    });
    const { hello } = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    expect(hello.seq).toBe(total);
    const tooOld = await connect(`token=${await ticketFor(shop.owner, shop.id)}&since=1&epoch=${hello.epoch}`);
    expect(tooOld.hello).toMatchObject({ resumed: false, reset: true });
    const oldestKept = await connect(`token=${await ticketFor(shop.owner, shop.id)}&since=2&epoch=${hello.epoch}`);
    expect(oldestKept.hello).toMatchObject({ resumed: true, reset: false });
    const frames = await oldestKept.waitForFrames(REPLAY_MAX_EVENTS + 1);
    expect(frames[1]).toMatchObject({ type: 'event', seq: 3 });
    expect(frames.at(-1)).toMatchObject({ type: 'event', seq: total });
    for (const client of [tooOld, oldestKept]) client.close();
  });
});
