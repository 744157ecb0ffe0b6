import { describe, expect, it } from 'vitest';
import { CLOSE_MEMBERSHIP_ENDED, CLOSE_PERMISSIONS_CHANGED } from '../../../workers/core/realtime/schema';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  initialState,
  OFFLINE_AFTER_FAILURES,
  transition,
  type Command,
  type MachineInput,
  type MachineState,
  socketUrl,
} from '../../../app/lib/realtime-machine';
import type { RealtimeEvent, ServerFrame } from '../../../workers/core/realtime/schema';

/** Runs inputs from `state`, returning the last state and every command in order. */
function run(inputs: MachineInput[], state: MachineState = initialState, random = 0.5) {
  const commands: Command[] = [];
  for (const input of inputs) {
    const next = transition(state, input, random);
    state = next.state;
    commands.push(...next.commands);
  }
  return { state, commands };
}

const hello = (seq: number, extra: Partial<Extract<ServerFrame, { type: 'hello' }>> = {}): MachineInput => ({
  type: 'frame',
  frame: { type: 'hello', seq, epoch: 'ep-1', resumed: false, reset: false, ...extra },
});
const event = (seq: number, id = `evt_${seq}`): MachineInput => ({
  type: 'frame',
  frame: {
    type: 'event',
    seq,
    event: { id, type: 'order:updated', at: '2026-11-30T00:00:00.000Z', data: { orderId: 'ord_1' } },
  },
});
const applied = (commands: Command[]) =>
  commands.flatMap((c) => (c.type === 'apply' ? [(c.event as RealtimeEvent).id] : []));
const connects = (commands: Command[]) => commands.filter((c) => c.type === 'connect');

describe('realtime connection state machine', () => {
  it('connects on start without a cursor and is open once the hub says hello', () => {
    const started = run([{ type: 'start' }]);
    expect(started.state.status).toBe('connecting');
    expect(started.commands).toEqual([{ type: 'connect', resume: {} }]);

    const open = run([hello(7)], started.state);
    expect(open.state).toMatchObject({ status: 'open', failures: 0, cursor: { seq: 7, epoch: 'ep-1' } });
    // A first connection refetches only what was cached before the socket listened.
    expect(open.commands).toEqual([{ type: 'refetch', scope: 'before-connect' }]);
  });

  it('applies events in order, advances the cursor and drops a repeat (same seq or same id)', () => {
    const { state, commands } = run([{ type: 'start' }, hello(0), event(1), event(2), event(2), event(3, 'evt_1')]);
    expect(applied(commands)).toEqual(['evt_1', 'evt_2']);
    expect(state.cursor).toEqual({ seq: 3, epoch: 'ep-1' });
  });

  it('after a drop shows reconnecting, retries with backoff and resumes with since = last seq and the epoch', () => {
    const open = run([{ type: 'start' }, hello(4), event(5)]).state;
    const dropped = run([{ type: 'dropped', online: true }], open, 0);
    expect(dropped.state.status).toBe('reconnecting');
    expect(dropped.commands).toEqual([{ type: 'close' }, { type: 'retry-in', ms: 500 }]);

    const retried = run([{ type: 'retry' }], dropped.state);
    expect(retried.commands).toEqual([{ type: 'connect', resume: { since: 5, epoch: 'ep-1' } }]);
    expect(retried.state.status).toBe('reconnecting');

    // The hub replays what was missed after a resumed hello; nothing is refetched.
    const resumed = run([hello(6, { resumed: true }), event(6)], retried.state);
    expect(resumed.commands.map((c) => c.type)).toEqual(['apply']);
    expect(resumed.state).toMatchObject({ status: 'open', failures: 0, cursor: { seq: 6, epoch: 'ep-1' } });
  });

  it('refetches everything when the hub cannot resume (reset) and continues from its seq', () => {
    const reconnecting = run([{ type: 'start' }, hello(4), { type: 'dropped', online: true }, { type: 'retry' }]);
    const reset = run([hello(900, { reset: true, epoch: 'ep-2' }), event(900), event(901)], reconnecting.state);
    expect(reset.commands[0]).toEqual({ type: 'refetch', scope: 'all' });
    expect(applied(reset.commands)).toEqual(['evt_901']);
    expect(reset.state.cursor).toEqual({ seq: 901, epoch: 'ep-2' });
  });

  it('treats a hello of another epoch as a reset even if it claims to resume', () => {
    const reconnecting = run([{ type: 'start' }, hello(4), { type: 'dropped', online: true }, { type: 'retry' }]);
    const other = run([hello(2, { resumed: true, epoch: 'ep-9' })], reconnecting.state);
    expect(other.commands).toEqual([{ type: 'refetch', scope: 'all' }]);
    expect(other.state.cursor).toEqual({ seq: 2, epoch: 'ep-9' });
  });

  it('backs off exponentially with jitter from 1 s up to a 30 s cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 0.999999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 0))).toEqual([500, 1_000, 2_000]);
    for (let n = 1; n < 40; n++) {
      for (const random of [0, 0.3, 0.999]) expect(backoffDelay(n, random)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
    // Consecutive failures grow the delay; an open socket resets the count.
    let state = run([{ type: 'start' }]).state;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const next = run([{ type: 'dropped', online: true }, { type: 'retry' }], state, 0.999999);
      delays.push(...next.commands.flatMap((c) => (c.type === 'retry-in' ? [c.ms] : [])));
      state = next.state;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    state = run([hello(1), { type: 'dropped', online: true }], state, 0.999999).state;
    expect(state.failures).toBe(1);
  });

  it(`says offline after ${OFFLINE_AFTER_FAILURES} failed attempts in a row, and keeps retrying`, () => {
    let state = run([{ type: 'start' }]).state;
    const statuses: string[] = [];
    for (let i = 0; i < OFFLINE_AFTER_FAILURES; i++) {
      const next = run([{ type: 'dropped', online: true }], state);
      statuses.push(next.state.status);
      expect(next.commands.some((c) => c.type === 'retry-in')).toBe(true);
      state = run([{ type: 'retry' }], next.state).state;
    }
    expect(statuses).toEqual([...Array(OFFLINE_AFTER_FAILURES - 1).fill('reconnecting'), 'offline']);
    expect(state.status).toBe('offline');
    expect(run([hello(1)], state).state.status).toBe('open');
  });

  it('goes offline at once when the browser does, and reconnects immediately when it is back online', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    const offline = run([{ type: 'went-offline' }], open);
    expect(offline.state.status).toBe('offline');
    expect(offline.commands[0]).toEqual({ type: 'close' });

    const back = run([{ type: 'wake' }], offline.state);
    expect(back.state.status).toBe('reconnecting');
    expect(back.commands).toEqual([{ type: 'connect', resume: { since: 3, epoch: 'ep-1' } }]);
    // The backoff timer firing meanwhile does not open a second socket.
    expect(connects(run([{ type: 'retry' }, { type: 'wake' }], back.state).commands)).toEqual([]);
  });

  it('a dropped socket seen while the browser is offline shows offline', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    expect(run([{ type: 'dropped', online: false }], open).state.status).toBe('offline');
  });

  it('when the tab becomes visible an open socket is checked with a ping, a waiting one reconnects now', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    expect(run([{ type: 'wake' }], open).commands).toEqual([{ type: 'ping' }]);
    const waiting = run([{ type: 'dropped', online: true }], open).state;
    expect(connects(run([{ type: 'wake' }], waiting).commands)).toHaveLength(1);
  });

  it('stop closes the socket and forgets the cursor; later frames and timers do nothing', () => {
    const open = run([{ type: 'start' }, hello(3), event(4)]).state;
    const stopped = run([{ type: 'stop' }], open);
    expect(stopped.commands).toEqual([{ type: 'close' }]);
    expect(stopped.state).toEqual(initialState);
    expect(
      run([event(5), { type: 'retry' }, { type: 'wake' }, { type: 'dropped', online: true }], stopped.state),
    ).toEqual({
      state: initialState,
      commands: [],
    });
    // Starting again (another workspace) connects fresh, without the old cursor.
    expect(run([{ type: 'start' }], stopped.state).commands).toEqual([{ type: 'connect', resume: {} }]);
  });

  it('when the hub closes because the role changed, reconnects at once with the cursor and reloads the permissions', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    const closed = run([{ type: 'dropped', online: true, code: CLOSE_PERMISSIONS_CHANGED }], open);
    expect(closed.commands).toEqual([
      { type: 'close' },
      { type: 'refetch-access' },
      { type: 'connect', resume: { since: 3, epoch: 'ep-1' } },
    ]);
    expect(closed.state).toMatchObject({ status: 'reconnecting', failures: 0, attempting: true });
  });

  it('when the hub closes because the member was removed, reloads the workspaces and backs off', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    const closed = run([{ type: 'dropped', online: true, code: CLOSE_MEMBERSHIP_ENDED }], open, 0);
    expect(closed.commands).toEqual([{ type: 'close' }, { type: 'retry-in', ms: 500 }, { type: 'refetch-access' }]);
    expect(closed.state).toMatchObject({ status: 'reconnecting', failures: 1 });
  });

  it('ignores a pong and a second start', () => {
    const open = run([{ type: 'start' }, hello(3)]).state;
    expect(run([{ type: 'frame', frame: { type: 'pong' } }, { type: 'start' }], open)).toEqual({
      state: open,
      commands: [],
    });
  });
});

describe('realtime socket URL', () => {
  it('follows the page: ws on http, wss on https, with the ticket and the resume cursor', () => {
    expect(socketUrl('/api/v1/realtime?token=abc', 'http://127.0.0.1:8787', {})).toBe(
      'ws://127.0.0.1:8787/api/v1/realtime?token=abc',
    );
    expect(socketUrl('/api/v1/realtime?token=abc', 'https://app.nexova.example', { since: 12, epoch: 'ep 1' })).toBe(
      'wss://app.nexova.example/api/v1/realtime?token=abc&since=12&epoch=ep+1',
    );
  });
});
