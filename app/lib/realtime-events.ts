/**
 * What a realtime event changes in the dashboard: which TanStack Query caches go stale (the event
 * carries ids only; the screens refetch the details over the REST API) and what to tell the
 * operator. The query keys are the screens' own (app/routes/*.tsx, app/components/*.tsx).
 */
import type { Query, QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent } from '../../workers/core/realtime/schema';

type QueryMatch = (query: Query) => boolean;

const key = (query: Query) => query.queryKey as readonly unknown[];

/**
 * The conversation lists: the inbox's `['conversations', { filter, search }]` and the handoff
 * notifier's `['conversations', 'handoffs']` (everything under `conversations` except one
 * conversation's detail or transcript).
 */
const conversationLists: QueryMatch = (q) =>
  key(q)[0] === 'conversations' && key(q)[1] !== 'detail' && key(q)[1] !== 'messages';
/** One conversation's transcript: `['conversations', 'messages', id, showTools]`. */
const transcript =
  (sessionId: string): QueryMatch =>
  (q) =>
    key(q)[0] === 'conversations' && key(q)[1] === 'messages' && key(q)[2] === sessionId;
/** One conversation's header (state, owner, window): `['conversations', 'detail', id]`. */
const conversation =
  (sessionId: string): QueryMatch =>
  (q) =>
    key(q)[0] === 'conversations' && key(q)[1] === 'detail' && key(q)[2] === sessionId;
/** Orders list, detail and the home figures (`['orders', 'list' | 'detail' | 'since', …]`). */
const orders: QueryMatch = (q) => key(q)[0] === 'orders';
/** Stock overview and home's low-stock card (`['stock', …]`). */
const stock: QueryMatch = (q) => key(q)[0] === 'stock';

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
      return { stale: [conversationLists, ...(sessionId ? [conversation(sessionId)] : [])] };
    case 'order:updated':
      return { stale: [orders] };
    case 'stock:low': {
      const sku = text(event.data.sku);
      const available = typeof event.data.available === 'number' ? event.data.available : undefined;
      const what = sku ? `${sku}${available === undefined ? '' : ` (quedan ${available})`}` : 'una variante';
      return { stale: [stock], toast: `Stock bajo: ${what}` };
    }
  }
}

/** Marks the event's caches stale; the queries on screen refetch at once, the rest when next shown. */
export async function invalidateFor(queryClient: QueryClient, effects: EventEffects): Promise<void> {
  await Promise.all(effects.stale.map((predicate) => queryClient.invalidateQueries({ predicate })));
}
