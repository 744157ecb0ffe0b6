import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { eventOutbox } from '../../../db/schema';

/** Domain events announced to the rest of the system (realtime hub, notifications, egress). */
export type EventType =
  | 'product:created'
  | 'product:updated'
  | 'product:deleted'
  | 'order:created'
  | 'order:updated'
  | 'stock:low'
  | 'stock:updated'
  | 'payment:registered'
  | 'customer:merged'
  | 'message:new'
  /** An outbound reply to deliver (destination `egress`). */
  | 'message:outbound'
  /** An outbound message's delivery status changed (sent, delivered, read, failed). */
  | 'message:status'
  /** An outbound message was held: outside the 24 h window only templates may be sent. */
  | 'message:held'
  | 'session:updated'
  | 'handoff:requested';

export interface OutboxEvent {
  workspaceId: string | null;
  type: EventType;
  payload: Record<string, unknown>;
  destination?: 'events' | 'egress';
}

/**
 * Writes an event to `event_outbox`. Pass the transaction of the change it announces: the event
 * exists if and only if the change committed. The publisher delivers it later, at least once,
 * with its id so consumers can drop repeats.
 */
export async function enqueueEvent(db: DbOrTx, event: OutboxEvent): Promise<string> {
  const id = newId('evt');
  await db.insert(eventOutbox).values({
    id,
    workspaceId: event.workspaceId,
    type: event.type,
    destination: event.destination ?? 'events',
    payload: event.payload,
  });
  return id;
}
