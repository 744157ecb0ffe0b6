/**
 * What a realtime event changes in the dashboard: which TanStack Query caches go stale (the event
 * carries ids only; the screens refetch the details over the REST API) and what to tell the
 * operator. The query keys are the screens' own (app/routes/*.tsx, app/components/*.tsx).
 */
import type { Query, QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent } from '../../workers/core/realtime/schema';

type QueryMatch = (query: Query) => boolean;

const key = (query: Query) => query.queryKey as readonly unknown[];

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/**
 * The conversation lists: the inbox's `['conversations', { filter, search }]` and the handoff
 * notifier's badge `['conversations', 'pending-handoffs']`.
 */
const conversationLists: QueryMatch = (q) =>
  key(q)[0] === 'conversations' && (isObject(key(q)[1]) || key(q)[1] === 'pending-handoffs');
/** One conversation's transcript: `['conversations', 'messages', id, showTools]`. */
const transcript =
  (sessionId: string): QueryMatch =>
  (q) =>
    key(q)[0] === 'conversations' && key(q)[1] === 'messages' && key(q)[2] === sessionId;
/** One conversation's header (state, owner, window) `['conversations', 'detail', id]`. */
const conversation =
  (sessionId: string): QueryMatch =>
  (q) =>
    key(q)[0] === 'conversations' && key(q)[1] === 'detail' && key(q)[2] === sessionId;
/** One conversation's human stretches: `['conversations', 'handoffs', id]`. */
const handoffHistory =
  (sessionId: string): QueryMatch =>
  (q) =>
    key(q)[0] === 'conversations' && key(q)[1] === 'handoffs' && key(q)[2] === sessionId;
/** Orders list and detail (`['orders', 'list' | 'detail', …]`). */
const orders: QueryMatch = (q) => key(q)[0] === 'orders';
/** Stock overview (`['stock', …]`). */
const stock: QueryMatch = (q) => key(q)[0] === 'stock';
/** Home's figures: sales, open conversations, pending handoffs, low stock (`['stats', 'summary']`). */
const stats: QueryMatch = (q) => key(q)[0] === 'stats';

export interface EventEffects {
  /** Cached queries this event makes stale. */
  stale: QueryMatch[];
  /** A short Spanish message for a toast. */
  toast?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The caches an event makes stale and what to tell the operator about it. */
export function eventEffects(event: RealtimeEvent): EventEffects {
  const sessionId = text(event.data.sessionId);
  switch (event.type) {
    case 'message:new':
      // The header too: a customer message reopens the 24 h window it counts down.
      return { stale: [conversationLists, ...(sessionId ? [transcript(sessionId), conversation(sessionId)] : [])] };
    case 'message:status':
      return { stale: [conversationLists, ...(sessionId ? [transcript(sessionId)] : [])] };
    case 'session:updated':
    case 'handoff:requested':
      return {
        stale: [conversationLists, stats, ...(sessionId ? [conversation(sessionId), handoffHistory(sessionId)] : [])],
      };
    case 'order:updated':
      return { stale: [orders, stats] };
    case 'stock:low': {
      const sku = text(event.data.sku);
      const available = typeof event.data.available === 'number' ? event.data.available : undefined;
      const what = sku ? `${sku}${available === undefined ? '' : ` (quedan ${available})`}` : 'una variante';
      return { stale: [stock, stats], toast: `Stock bajo: ${what}` };
    }
  }
}

/**
 * Marks the caches of a burst of events stale in one pass, so each query on screen refetches once
 * (a resume can replay dozens of events; one invalidation each would cancel and restart the same
 * request over and over). Queries on screen refetch at once, the rest when next shown.
 */
export async function invalidateFor(queryClient: QueryClient, effects: EventEffects[]): Promise<void> {
  const stale = effects.flatMap((e) => e.stale);
  if (stale.length === 0) return;
  await queryClient.invalidateQueries({ predicate: (query) => stale.some((match) => match(query)) });
}
