import { createRoute, type z } from '@hono/zod-openapi';
import { simulateInbound } from '../../../whatsapp/infobip/simulator';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { developmentOnly } from '../../middleware/development-only';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { SimulateInboundBody, SimulationResultSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/dev/simulator/inbound',
  tags: ['development'],
  operationId: 'simulateInbound',
  summary: 'Simulate a customer WhatsApp message (development only)',
  description:
    "Builds the webhook Infobip would send (text, media, location or reply button) and posts it, authenticated with the connection's credentials, to the real webhook. Absent in production (404).",
  middleware: [developmentOnly, requireAuth, requireWorkspace, requirePermission('conversations:simulate')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: SimulateInboundBody } } } },
  responses: {
    200: {
      description: 'What was posted and what the webhook answered',
      content: { 'application/json': { schema: SimulationResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type SimulateInboundRequest = z.infer<typeof SimulateInboundBody>;
export type SimulateInboundResponse = z.infer<typeof SimulationResultSchema>;

export const registerSimulateInbound = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const result = await simulateInbound(
      { db: c.var.db, env: c.env },
      { ...body, workspaceId: c.var.tenant.workspaceId },
    );
    if (!result.ok) {
      throw new ApiError(
        result.error === 'NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION_FAILED',
        result.message ?? result.error,
      );
    }
    return c.json(SimulationResultSchema.parse(result.value), 200);
  });
