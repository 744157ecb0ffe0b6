/**
 * Which outbox events reach dashboards, and with what: an outbox event becomes a `RealtimeEvent`
 * carrying only ids and the few fields listed in schema.ts (clients refetch details over REST).
 * Everything else (`message:outbound`, `product:*`, `stock:updated`, …) stays server-side.
 */
import type { OutboxMessage } from '../outbox/publish';
import { hasPermission } from '../rbac/permissions';
import { REALTIME_EVENT_PERMISSION, REALTIME_EVENT_TYPES, type RealtimeEvent, type RealtimeEventType } from './schema';

/** Outbox type → realtime type, and the payload fields each realtime type carries. */
const MAPPING: Record<string, { type: RealtimeEventType; fields: readonly string[] }> = {
  'message:new': { type: 'message:new', fields: ['sessionId', 'messageId', 'role', 'direction'] },
  'message:status': { type: 'message:status', fields: ['sessionId', 'messageId', 'status'] },
  'session:updated': {
    type: 'session:updated',
    fields: ['sessionId', 'state', 'owner', 'assignedUserId', 'unreadCount'],
  },
  'handoff:requested': { type: 'handoff:requested', fields: ['sessionId', 'reason', 'customerName'] },
  'order:updated': { type: 'order:updated', fields: ['orderId', 'number', 'status'] },
  // A new order is an order whose screen must appear: dashboards treat both alike.
  'order:created': { type: 'order:updated', fields: ['orderId', 'number', 'status'] },
  'stock:low': { type: 'stock:low', fields: ['variantId', 'productId', 'sku', 'available'] },
};

/**
 * The realtime event of an outbox event, or null when the type is not realtime. Pure. Fields
 * absent from the outbox payload are left out (never invented); a `session:updated` without
 * `state` takes the state it moved `to`.
 */
export function toRealtimeEvent(
  message: Pick<OutboxMessage, 'id' | 'type' | 'payload' | 'createdAt'>,
): RealtimeEvent | null {
  const mapping = Object.hasOwn(MAPPING, message.type) ? MAPPING[message.type] : undefined;
  if (!mapping) return null;
  const payload = message.payload ?? {};
  const data: Record<string, unknown> = {};
  for (const field of mapping.fields) {
    if (Object.hasOwn(payload, field) && payload[field] !== undefined) data[field] = payload[field];
  }
  if (mapping.type === 'session:updated' && data.state === undefined && payload.to !== undefined) {
    data.state = payload.to;
  }
  return { id: message.id, type: mapping.type, at: message.createdAt, data };
}

/** Whether an outbox event type reaches dashboards at all (the queue consumer skips the others). */
export function isRealtimeType(type: string): boolean {
  return Object.hasOwn(MAPPING, type);
}

/** The realtime event types a member with these permissions may receive (wildcards included). */
export function eventTypesFor(permissions: readonly string[]): RealtimeEventType[] {
  return REALTIME_EVENT_TYPES.filter((type) => hasPermission(permissions, REALTIME_EVENT_PERMISSION[type]));
}
