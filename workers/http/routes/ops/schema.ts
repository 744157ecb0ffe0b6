import { z } from '@hono/zod-openapi';

const Count = z.number().int().min(0);
const Age = z.number().int().min(0).nullable().openapi({ description: 'Seconds; null when there is none' });

export const QueueOverviewSchema = z
  .object({
    outbox: z.object({ pending: Count, oldestAgeSeconds: Age }),
    egress: z.object({ queued: Count, held: Count, failed: Count, oldestQueuedAgeSeconds: Age }),
    deadLetters: z
      .object({ egress: Count, events: Count, media: Count })
      .openapi({ description: 'Dead letters not yet redriven' }),
    media: z
      .object({
        retrying: Count.openapi({ description: 'Inbound files whose copy to R2 failed and is being retried' }),
        notStoredLast24h: Count.openapi({
          description: 'Inbound files given up in the last 24 h (their messages went on without them)',
        }),
      })
      .openapi({ description: 'The media queue: inbound files copied from Infobip to R2' }),
    webhookInbox: z.object({
      unprocessed: Count,
      failing: Count.openapi({ description: 'Unprocessed rows whose last attempt failed' }),
      oldestUnprocessedAgeSeconds: Age,
      invalidLast24h: Count.openapi({ description: 'Bodies refused with 400 in the last 24 h (kept for inspection)' }),
      notHandledLast24h: Count.openapi({
        description:
          'Customer messages of the last 24 h that their conversation set aside after repeated failures; each conversation was handed to a person (row note `not handled: …`)',
      }),
    }),
  })
  .openapi('QueueOverview');
