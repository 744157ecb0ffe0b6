import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../workers/core/outbox/publish';
import { eventTypesFor, isRealtimeType, toRealtimeEvent } from '../../../workers/core/realtime/events';
import { REALTIME_EVENT_TYPES, RealtimeEventSchema } from '../../../workers/core/realtime/schema';

const outbox = (type: string, payload: Record<string, unknown>): OutboxMessage => ({
  id: 'evt_01JD3XAB7E5Q2W8N4K6R9T1Y3Z',
  type,
  workspaceId: 'wsp_1',
  payload,
  createdAt: '2026-11-30T00:00:00.000Z',
});

describe('outbox → realtime mapping', () => {
  it('keeps the id and time of the outbox event and only the fields listed for its type', () => {
    const event = toRealtimeEvent(
      outbox('message:new', {
        sessionId: 'ses_1',
        messageId: 'msg_1',
        direction: 'inbound',
        role: 'customer',
        content: 'hola, ¿tienen remeras?',
      }),
    );
    expect(event).toEqual({
      id: 'evt_01JD3XAB7E5Q2W8N4K6R9T1Y3Z',
      type: 'message:new',
      at: '2026-11-30T00:00:00.000Z',
      data: { sessionId: 'ses_1', messageId: 'msg_1', direction: 'inbound', role: 'customer' },
    });
    expect(RealtimeEventSchema.parse(event)).toEqual(event);
  });

  it('message:status drops the delivery error text', () => {
    expect(
      toRealtimeEvent(
        outbox('message:status', { sessionId: 'ses_1', messageId: 'msg_1', status: 'FAILED', error: 'HTTP_400' }),
      )?.data,
    ).toEqual({ sessionId: 'ses_1', messageId: 'msg_1', status: 'FAILED' });
  });

  it('session:updated takes state, owner, assignee and unread count when present, the target state otherwise', () => {
    const today = toRealtimeEvent(
      outbox('session:updated', {
        sessionId: 'ses_1',
        customerId: 'cus_1',
        event: 'HANDOFF_REQUESTED',
        from: 'BROWSING',
        to: 'HANDOFF',
        owner: 'human',
        assignedUserId: null,
        draftOrderId: 'ord_1',
      }),
    );
    expect(today?.data).toEqual({ sessionId: 'ses_1', state: 'HANDOFF', owner: 'human', assignedUserId: null });
    const enriched = toRealtimeEvent(
      outbox('session:updated', {
        sessionId: 'ses_1',
        state: 'IDLE',
        to: 'BROWSING',
        owner: 'agent',
        assignedUserId: 'usr_1',
        unreadCount: 3,
      }),
    );
    expect(enriched?.data).toEqual({
      sessionId: 'ses_1',
      state: 'IDLE',
      owner: 'agent',
      assignedUserId: 'usr_1',
      unreadCount: 3,
    });
  });

  it('handoff:requested carries the reason and, when known, the customer name', () => {
    expect(
      toRealtimeEvent(outbox('handoff:requested', { sessionId: 'ses_1', customerId: 'cus_1', reason: 'pide humano' }))
        ?.data,
    ).toEqual({ sessionId: 'ses_1', reason: 'pide humano' });
    expect(
      toRealtimeEvent(
        outbox('handoff:requested', { sessionId: 'ses_1', reason: null, customerName: 'Lucía Pérez', phone: '+549' }),
      )?.data,
    ).toEqual({ sessionId: 'ses_1', reason: null, customerName: 'Lucía Pérez' });
  });

  it('order:created and order:updated both become order:updated without money fields', () => {
    const payload = { orderId: 'ord_1', number: 12, status: 'PENDING', total: 150_000, currency: 'ARS', from: 'DRAFT' };
    for (const type of ['order:created', 'order:updated']) {
      const event = toRealtimeEvent(outbox(type, payload));
      expect(event?.type).toBe('order:updated');
      expect(event?.data).toEqual({ orderId: 'ord_1', number: 12, status: 'PENDING' });
    }
  });

  it('stock:low carries the variant, product, sku and what is available', () => {
    expect(
      toRealtimeEvent(
        outbox('stock:low', {
          variantId: 'var_1',
          onHand: 3,
          reserved: 1,
          available: 2,
          lowStockThreshold: 5,
          low: true,
          sku: 'REM-M',
          productId: 'prd_1',
          productName: 'Remera',
        }),
      )?.data,
    ).toEqual({ variantId: 'var_1', productId: 'prd_1', sku: 'REM-M', available: 2 });
  });

  it('everything else stays server-side', () => {
    for (const type of [
      'message:outbound',
      'message:held',
      'product:created',
      'product:updated',
      'product:deleted',
      'stock:updated',
      'payment:registered',
      'customer:merged',
      'toString',
      '__proto__',
    ]) {
      expect(toRealtimeEvent(outbox(type, { productId: 'prd_1' }))).toBeNull();
      expect(isRealtimeType(type)).toBe(false);
    }
    for (const type of [...REALTIME_EVENT_TYPES, 'order:created']) expect(isRealtimeType(type)).toBe(true);
  });
});

describe('event types a member receives', () => {
  it('follow the read permissions, wildcards included', () => {
    expect(eventTypesFor(['*'])).toEqual([...REALTIME_EVENT_TYPES]);
    expect(eventTypesFor(['conversations:read'])).toEqual([
      'message:new',
      'message:status',
      'session:updated',
      'handoff:requested',
    ]);
    expect(eventTypesFor(['orders:*', 'stock:read'])).toEqual(['order:updated', 'stock:low']);
    expect(eventTypesFor(['products:read', 'orders:write'])).toEqual([]);
  });
});
