import { z } from '@hono/zod-openapi';
import { RealtimeTicketSchema as TicketSchema } from '../../../core/realtime/schema';

export const RealtimeTicketSchema = TicketSchema.clone().openapi('RealtimeTicket', {
  description:
    'A ticket to open the workspace WebSocket: `token` is good for `expiresIn` seconds and bound to the caller and the workspace.',
  example: { token: 'eyJhbGciOiJSUzI1NiIs…', expiresIn: 60, url: '/api/v1/realtime?token=eyJhbGciOiJSUzI1NiIs…' },
});

export const RealtimeConnectQuery = z.object({
  token: z
    .string()
    .min(1)
    .max(4096)
    .openapi({ description: 'The `token` of a RealtimeTicket (POST /api/v1/realtime/token)' }),
  since: z.coerce
    .number()
    .int()
    .nonnegative()
    .optional()
    .openapi({ description: 'Resume: the last `seq` received; buffered events after it are replayed', example: 42 }),
  epoch: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ description: 'Resume: the `epoch` of the hello that `since` belongs to' }),
});
