/**
 * The realtime client's connection logic as a pure state machine: what the dashboard does when a
 * socket opens, drops, the browser goes offline or the tab comes back, and which events it has
 * already applied. `app/lib/realtime.ts` runs the commands (sockets, timers); this module has no
 * I/O so every transition is unit-tested (test/unit/dashboard/realtime-machine.test.ts).
 *
 * Protocol: workers/core/realtime/schema.ts.
 */
import {
  CLOSE_MEMBERSHIP_ENDED,
  CLOSE_PERMISSIONS_CHANGED,
  type RealtimeEvent,
  type ServerFrame,
} from '../../workers/core/realtime/schema';

export type RealtimeStatus = 'connecting' | 'open' | 'reconnecting' | 'offline';

/** Where the client is in the hub's sequence: resuming sends both back (`since`, `epoch`). */
export interface Cursor {
  seq: number;
  epoch: string;
}

export interface MachineState {
  /** `idle`: not signed in to a workspace, no socket wanted. */
  status: RealtimeStatus | 'idle';
  /** A ticket request or socket is in flight and has not answered `hello` or failed yet. */
  attempting: boolean;
  /** Attempts that failed in a row since the socket was last open (drives the backoff). */
  failures: number;
  cursor: Cursor | null;
  /** Ids of the latest applied events: an event delivered twice is applied once. */
  recentIds: string[];
}

export type MachineInput =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'frame'; frame: ServerFrame }
  /** The ticket request failed, the socket closed or errored, or the heartbeat found it dead. */
  | { type: 'dropped'; online: boolean; code?: number }
  /** The browser reports it lost the network (`offline` event). */
  | { type: 'went-offline' }
  /** The browser is back online or the tab became visible: try now instead of waiting. */
  | { type: 'wake' }
  /** The backoff timer fired. */
  | { type: 'retry' };

export interface ResumeParams {
  since?: number;
  epoch?: string;
}

export type Command =
  /** Get a ticket and open a socket, resuming from `resume` when set. Cancels a pending retry. */
  | { type: 'connect'; resume: ResumeParams }
  /** Close the socket (if any) and cancel a pending retry. */
  | { type: 'close' }
  | { type: 'retry-in'; ms: number }
  /** Send a heartbeat now: the tab woke up and the socket may have died while it slept. */
  | { type: 'ping' }
  /**
   * Refetch cached server state. `all`: the hub could not replay what was missed. `before-connect`:
   * first connection, so only answers fetched before the client started listening can be stale.
   */
  | { type: 'refetch'; scope: 'all' | 'before-connect' }
  /** The member's access changed (role or membership): reload the workspace and its permissions. */
  | { type: 'refetch-access' }
  | { type: 'apply'; event: RealtimeEvent };

export interface Transition {
  state: MachineState;
  commands: Command[];
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
/** After this many failed attempts in a row the indicator says "Sin conexión" (retries go on). */
export const OFFLINE_AFTER_FAILURES = 4;
const RECENT_IDS = 200;

export const initialState: MachineState = {
  status: 'idle',
  attempting: false,
  failures: 0,
  cursor: null,
  recentIds: [],
};

/**
 * Delay before retry number `failures` (1-based): 1 s, 2 s, 4 s … capped at 30 s, each drawn
 * uniformly from its upper half (`random` in [0, 1)) so a server restart is not met by every
 * dashboard at the same instant.
 */
export function backoffDelay(failures: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random));
}

/** `since` and `epoch` for the socket URL: resume after the last seq seen, in the same epoch. */
export function resumeParams(cursor: Cursor | null): ResumeParams {
  return cursor ? { since: cursor.seq, epoch: cursor.epoch } : {};
}

/** The socket URL for a ticket: same host as the page, ws or wss to match it, plus the resume cursor. */
export function socketUrl(ticketUrl: string, pageOrigin: string, resume: ResumeParams): string {
  const url = new URL(ticketUrl, pageOrigin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (resume.since !== undefined) url.searchParams.set('since', String(resume.since));
  if (resume.epoch !== undefined) url.searchParams.set('epoch', resume.epoch);
  return url.toString();
}

function connect(state: MachineState, status: RealtimeStatus): Transition {
  return {
    state: { ...state, status, attempting: true },
    commands: [{ type: 'connect', resume: resumeParams(state.cursor) }],
  };
}

function drop(state: MachineState, online: boolean, random: number): Transition {
  const failures = state.failures + 1;
  const status: RealtimeStatus = !online || failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting';
  return {
    state: { ...state, status, attempting: false, failures },
    commands: [{ type: 'close' }, { type: 'retry-in', ms: backoffDelay(failures, random) }],
  };
}

function onFrame(state: MachineState, frame: ServerFrame): Transition {
  switch (frame.type) {
    case 'pong':
      return { state, commands: [] };
    case 'hello': {
      const open = { ...state, status: 'open' as const, attempting: false, failures: 0 };
      if (frame.resumed && state.cursor?.epoch === frame.epoch) {
        // The missed events follow this frame, in order.
        return { state: open, commands: [] };
      }
      const cursor = { seq: frame.seq, epoch: frame.epoch };
      // A reset, or a hub that ignored our cursor: the cache may miss anything since it.
      const scope = frame.reset || state.cursor ? 'all' : 'before-connect';
      return { state: { ...open, cursor, recentIds: [] }, commands: [{ type: 'refetch', scope }] };
    }
    case 'event': {
      if (state.cursor && frame.seq <= state.cursor.seq) return { state, commands: [] };
      const cursor = state.cursor ? { ...state.cursor, seq: frame.seq } : null;
      if (state.recentIds.includes(frame.event.id)) return { state: { ...state, cursor }, commands: [] };
      const recentIds = [...state.recentIds, frame.event.id].slice(-RECENT_IDS);
      return { state: { ...state, cursor, recentIds }, commands: [{ type: 'apply', event: frame.event }] };
    }
  }
}

/**
 * The next state and the commands to run for `input`. Pure; `random` in [0, 1) is the backoff
 * jitter. Inputs that make no sense in the current state (a frame after `stop`) change nothing.
 */
export function transition(state: MachineState, input: MachineInput, random: number): Transition {
  if (input.type === 'start') {
    if (state.status !== 'idle') return { state, commands: [] };
    return connect({ ...initialState }, 'connecting');
  }
  if (state.status === 'idle') return { state, commands: [] };
  switch (input.type) {
    case 'stop':
      return { state: { ...initialState }, commands: [{ type: 'close' }] };
    case 'frame':
      return onFrame(state, input.frame);
    case 'dropped': {
      if (input.code === CLOSE_PERMISSIONS_CHANGED && input.online) {
        // Not a failure: the hub asks for a new socket with the new role's filter, at once.
        const again = connect(state, 'reconnecting');
        return { state: again.state, commands: [{ type: 'close' }, { type: 'refetch-access' }, ...again.commands] };
      }
      const dropped = drop(state, input.online, random);
      if (input.code === CLOSE_MEMBERSHIP_ENDED) dropped.commands.push({ type: 'refetch-access' });
      return dropped;
    }
    case 'went-offline':
      return drop(state, false, random);
    case 'wake':
      if (state.status === 'open') return { state, commands: [{ type: 'ping' }] };
      if (state.attempting) return { state, commands: [] };
      return connect(state, 'reconnecting');
    case 'retry':
      if (state.status === 'open' || state.attempting) return { state, commands: [] };
      // Still "Sin conexión" while a retry after many failures is in flight.
      return connect(state, state.status === 'offline' ? 'offline' : 'reconnecting');
  }
}
