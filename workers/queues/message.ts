import { z } from 'zod';

/** The body of every queue message the outbox publisher sends (`OutboxMessage`). */
export const OutboxMessageSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  workspaceId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** Queue names (wrangler.toml); a consumer is chosen by `batch.queue`. */
export const QUEUES = {
  egress: 'nexova-egress',
  egressDlq: 'nexova-egress-dlq',
  events: 'nexova-events',
  eventsDlq: 'nexova-events-dlq',
  media: 'nexova-media',
  mediaDlq: 'nexova-media-dlq',
} as const;

/** Exponential backoff for queue retries: 10 s, 30 s, 90 s … capped at 5 min; `Retry-After` wins when given. */
export function retryDelaySeconds(attempts: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds && retryAfterSeconds > 0) return Math.min(300, Math.ceil(retryAfterSeconds));
  return Math.min(300, 10 * 3 ** Math.max(0, attempts - 1));
}
