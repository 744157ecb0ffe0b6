/**
 * The dashboard's realtime client: one WebSocket to the workspace's hub while a workspace is open
 * (`useRealtimeConnection` in the app shell), heartbeats, reconnection with backoff and resume,
 * and the events applied to the TanStack Query cache. The decisions are in realtime-machine.ts
 * (pure); this module runs them against the browser.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import {
  PING_FRAME,
  RealtimeTicketSchema,
  ServerFrameSchema,
  type RealtimeEvent,
  type RealtimeEventType,
} from '../../workers/core/realtime/schema';
import { notify } from '../components/toast';
import { useRealtimeStore } from '../stores/realtime';
import { api } from './api';
import { eventEffects, invalidateFor, type EventEffects } from './realtime-events';
import {
  initialState,
  socketUrl,
  transition,
  type Command,
  type MachineInput,
  type ResumeParams,
} from './realtime-machine';

export const HEARTBEAT_INTERVAL_MS = 25_000;
/** No pong (or any frame) this long after a ping, or no `hello` this long after opening: dead. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;
/** While the socket is not open, screens on display refetch this often instead. */
export const FALLBACK_REFRESH_MS = 60_000;
/** Events arriving within this window refresh their screens together. */
const COALESCE_MS = 100;

type Listener = (event: RealtimeEvent) => void;
const listeners = new Set<Listener>();

class RealtimeConnection {
  private state = initialState;
  private socket: WebSocket | null = null;
  /** Bumped by every connect and close, so answers of an abandoned attempt are ignored. */
  private generation = 0;
  /** When the latest socket opened: on a first connection, answers cached before it may have missed events. */
  private openedAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private fallbackTimer: ReturnType<typeof setInterval> | undefined;
  private pending: EventEffects[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly queryClient: QueryClient) {}

  start() {
    window.addEventListener('online', this.onWake);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.dispatch({ type: 'start' });
  }

  stop() {
    window.removeEventListener('online', this.onWake);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.dispatch({ type: 'stop' });
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
  }

  private readonly onWake = () => this.dispatch({ type: 'wake' });
  private readonly onOffline = () => this.dispatch({ type: 'went-offline' });
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.dispatch({ type: 'wake' });
  };

  private dispatch(input: MachineInput) {
    const { state, commands } = transition(this.state, input, Math.random());
    this.state = state;
    for (const command of commands) this.run(command);
    useRealtimeStore.setState({ status: state.status });
    this.fallback(state.status !== 'idle' && state.status !== 'open');
  }

  private run(command: Command) {
    switch (command.type) {
      case 'connect':
        clearTimeout(this.retryTimer);
        void this.connect(command.resume);
        return;
      case 'close':
        clearTimeout(this.retryTimer);
        this.closeSocket();
        return;
      case 'retry-in':
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.dispatch({ type: 'retry' }), command.ms);
        return;
      case 'ping':
        this.ping();
        return;
      case 'refetch': {
        const before = this.openedAt;
        void this.queryClient.invalidateQueries(
          command.scope === 'all'
            ? undefined
            : { predicate: (q) => q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < before },
        );
        return;
      }
      case 'refetch-access':
        // The shell re-reads the workspace: new permissions show, a removed member leaves it.
        void this.queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] === 'workspace' || q.queryKey[0] === 'workspaces',
        });
        return;
      case 'apply': {
        const effects = eventEffects(command.event);
        this.pending.push(effects);
        this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
        if (effects.toast) notify(effects.toast);
        for (const listener of listeners) listener(command.event);
        return;
      }
    }
  }

  private flush() {
    this.flushTimer = undefined;
    const effects = this.pending;
    this.pending = [];
    void invalidateFor(this.queryClient, effects);
  }

  private async connect(resume: ResumeParams) {
    this.closeSocket();
    const generation = ++this.generation;
    let url: string;
    try {
      // Through api(): an expired access token is refreshed and the request retried once.
      const ticket = RealtimeTicketSchema.parse(await api('/realtime/token', { method: 'POST' }));
      url = socketUrl(ticket.url, window.location.origin, resume);
    } catch {
      if (generation === this.generation) this.dispatch({ type: 'dropped', online: navigator.onLine });
      return;
    }
    if (generation !== this.generation) return;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.openedAt = Date.now();
      // `hello` must arrive like a pong would.
      this.expectFrame();
      this.heartbeatTimer = setInterval(() => this.ping(), HEARTBEAT_INTERVAL_MS);
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      clearTimeout(this.deadline);
      this.deadline = undefined;
      let json: unknown;
      try {
        json = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const frame = ServerFrameSchema.safeParse(json);
      if (frame.success) this.dispatch({ type: 'frame', frame: frame.data });
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socketLost(close.code);
    };
  }

  private ping() {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(PING_FRAME);
    if (this.deadline === undefined) this.expectFrame();
  }

  private expectFrame() {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      this.deadline = undefined;
      this.socketLost();
    }, HEARTBEAT_TIMEOUT_MS);
  }

  private socketLost(code?: number) {
    this.closeSocket();
    this.dispatch({ type: 'dropped', online: navigator.onLine, code });
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  private closeSocket() {
    this.generation++;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.deadline);
    this.deadline = undefined;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(1000);
  }

  /** While disconnected, the screens on display refresh every minute (no screen polls on its own). */
  private fallback(on: boolean) {
    if (on && this.fallbackTimer === undefined) {
      this.fallbackTimer = setInterval(() => void this.queryClient.invalidateQueries(), FALLBACK_REFRESH_MS);
    } else if (!on && this.fallbackTimer !== undefined) {
      clearInterval(this.fallbackTimer);
      this.fallbackTimer = undefined;
    }
  }
}

/**
 * Keeps one realtime socket open to `workspaceId`'s hub while mounted (the signed-in app shell):
 * a new workspace closes the old socket and opens another; unmounting (logout) closes it.
 */
export function useRealtimeConnection(workspaceId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const connection = new RealtimeConnection(queryClient);
    connection.start();
    return () => connection.stop();
  }, [queryClient, workspaceId]);
}

/** Calls `handler` for every realtime event of `type` applied while mounted. */
export function useRealtimeEvent(type: RealtimeEventType, handler: (event: RealtimeEvent) => void) {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener: Listener = (event) => {
      if (event.type === type) latest.current(event);
    };
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, [type]);
}
