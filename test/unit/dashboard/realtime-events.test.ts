import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { eventEffects, invalidateFor } from '../../../app/lib/realtime-events';
import type { RealtimeEvent, RealtimeEventType } from '../../../workers/core/realtime/schema';

/** The keys the screens cache under (app/routes/*.tsx, app/components/inbox/, handoff-notifier.tsx). */
const SCREEN_KEYS = {
  inboxList: ['conversations', { filter: 'all', search: '' }],
  handoffBadge: ['conversations', 'pending-handoffs'],
  detailA: ['conversations', 'detail', 'ses_a'],
  detailB: ['conversations', 'detail', 'ses_b'],
  transcriptA: ['conversations', 'messages', 'ses_a', true],
  transcriptB: ['conversations', 'messages', 'ses_b', false],
  handoffHistoryA: ['conversations', 'handoffs', 'ses_a'],
  handoffHistoryB: ['conversations', 'handoffs', 'ses_b'],
  ordersList: ['orders', 'list', { status: 'all', search: '', from: '', to: '', cursor: null }],
  orderDetail: ['orders', 'detail', 'ord_1'],
  stockList: ['stock', { q: '', low: false }],
  homeStats: ['stats', 'summary'],
  products: ['products', { q: '' }],
  customers: ['customers', { q: '' }],
  workspace: ['workspace', 'ws_1'],
} as const;
type Screen = keyof typeof SCREEN_KEYS;

/** Which cached screens an event marks stale, applied to a real QueryClient holding every key. */
async function staleAfterAll(events: Array<[RealtimeEventType, Record<string, unknown>]>): Promise<Screen[]> {
  const client = new QueryClient();
  for (const key of Object.values(SCREEN_KEYS)) client.setQueryData(key, { cached: true });
  const effects = events.map(([type, data], i) =>
    eventEffects({ id: `evt_${i}`, type, at: '2026-11-30T00:00:00.000Z', data } satisfies RealtimeEvent),
  );
  await invalidateFor(client, effects);
  return (Object.keys(SCREEN_KEYS) as Screen[]).filter(
    (screen) => client.getQueryState(SCREEN_KEYS[screen])?.isInvalidated,
  );
}
const staleAfter = (type: RealtimeEventType, data: Record<string, unknown>) => staleAfterAll([[type, data]]);

describe('realtime events → dashboard caches', () => {
  it('message:new refreshes the conversation lists, that transcript and that header only', async () => {
    await expect(
      staleAfter('message:new', { sessionId: 'ses_a', messageId: 'msg_1', role: 'customer', direction: 'inbound' }),
    ).resolves.toEqual(['inboxList', 'handoffBadge', 'detailA', 'transcriptA']);
  });

  it('message:status refreshes the lists and that transcript (ticks)', async () => {
    await expect(
      staleAfter('message:status', { sessionId: 'ses_b', messageId: 'msg_2', status: 'READ' }),
    ).resolves.toEqual(['inboxList', 'handoffBadge', 'transcriptB']);
  });

  it('session:updated and handoff:requested refresh the lists (badge included), that conversation and the home figures', async () => {
    const session = { sessionId: 'ses_b', state: 'HANDOFF', owner: 'human', assignedUserId: null };
    const expected = ['inboxList', 'handoffBadge', 'detailB', 'handoffHistoryB', 'homeStats'];
    await expect(staleAfter('session:updated', session)).resolves.toEqual(expected);
    await expect(staleAfter('handoff:requested', { sessionId: 'ses_b', reason: 'pide humano' })).resolves.toEqual(
      expected,
    );
  });

  it('order:updated refreshes the orders list, the order detail and the home figures', async () => {
    await expect(staleAfter('order:updated', { orderId: 'ord_1', number: 7, status: 'CONFIRMED' })).resolves.toEqual([
      'ordersList',
      'orderDetail',
      'homeStats',
    ]);
  });

  it('stock:low refreshes stock (home card included) and tells the operator with a toast', async () => {
    const data = { variantId: 'var_1', productId: 'prd_1', sku: 'REM-NEG-M', available: 2 };
    await expect(staleAfter('stock:low', data)).resolves.toEqual(['stockList', 'homeStats']);
    expect(eventEffects({ id: 'e', type: 'stock:low', at: '', data }).toast).toBe('Stock bajo: REM-NEG-M (quedan 2)');
  });

  it('a burst of events (a resume replaying what was missed) refreshes the union of their screens in one pass', async () => {
    await expect(
      staleAfterAll([
        ['message:new', { sessionId: 'ses_a' }],
        ['message:status', { sessionId: 'ses_b' }],
        ['order:updated', { orderId: 'ord_1' }],
      ]),
    ).resolves.toEqual([
      'inboxList',
      'handoffBadge',
      'detailA',
      'transcriptA',
      'transcriptB',
      'ordersList',
      'orderDetail',
      'homeStats',
    ]);
    await expect(staleAfterAll([])).resolves.toEqual([]);
  });

  it('an event without a session id still refreshes the lists and no single conversation', async () => {
    await expect(staleAfter('message:new', {})).resolves.toEqual(['inboxList', 'handoffBadge']);
  });
});
