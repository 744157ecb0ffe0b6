import { createRoute, type z } from '@hono/zod-openapi';
import { releaseReservation } from '../../../retail/stock';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from './failures';
import { ReleaseReservationBody, ReservationResultSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/stock/release',
  tags: ['stock'],
  operationId: 'releaseReservation',
  summary: 'Give a reservation’s units back',
  description:
    'Idempotent: releasing a reservation that is already released or expired changes nothing and answers 200. A committed reservation (already sold) answers 409.',
  middleware: [requireAuth, requireWorkspace, requirePermission('stock:reserve')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ReleaseReservationBody } } } },
  responses: {
    200: {
      description: 'The reservation and the stock after it',
      content: { 'application/json': { schema: ReservationResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type ReleaseReservationRequest = z.infer<typeof ReleaseReservationBody>;
export type ReleaseReservationResponse = z.infer<typeof ReservationResultSchema>;

export const registerReleaseReservation = (app: App) =>
  app.openapi(route, async (c) => {
    const { reservationId } = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await releaseReservation(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, reservationId },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(ReservationResultSchema.parse(result.value), 200);
  });
