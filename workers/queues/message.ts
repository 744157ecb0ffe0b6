import { z } from 'zod';

/** The body of every queue message the outbox publisher sends (`OutboxMessage`). */
export const OutboxMessageSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  workspaceId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/**
 * Queue names of the top-level (local and test) config in wrangler.toml, which name each queue
 * everywhere it is recorded (`dead_letters.queue`). A deployed environment prefixes them with its
 * Worker (`nexova-staging-egress`); `queueKind` maps either form back to these.
 */
export const QUEUES = {
  egress: 'nexova-egress',
  egressDlq: 'nexova-egress-dlq',
  events: 'nexova-events',
  eventsDlq: 'nexova-events-dlq',
  media: 'nexova-media',
  mediaDlq: 'nexova-media-dlq',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Longest suffix first, so `…-egress-dlq` is not taken for `…-egress`. */
const BY_SUFFIX = Object.values(QUEUES)
  .map((name) => ({ name, suffix: name.slice('nexova'.length) }))
  .sort((a, b) => b.suffix.length - a.suffix.length);

/**
 * The `QUEUES` name of a batch's queue, whatever its environment's prefix
 * (`nexova-production-media-dlq` → `nexova-media-dlq`); undefined for a queue Nexova does not know.
 */
export function queueKind(queue: string): QueueName | undefined {
  return BY_SUFFIX.find(({ name, suffix }) => queue === name || (queue.startsWith('nexova-') && queue.endsWith(suffix)))
    ?.name;
}

/** Exponential backoff for queue retries: 10 s, 30 s, 90 s … capped at 5 min; `Retry-After` wins when given. */
export function retryDelaySeconds(attempts: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds && retryAfterSeconds > 0) return Math.min(300, Math.ceil(retryAfterSeconds));
  return Math.min(300, 10 * 3 ** Math.max(0, attempts - 1));
}
