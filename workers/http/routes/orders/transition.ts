import { createRoute } from '@hono/zod-openapi';
import type { Permission } from '../../../core/rbac/catalogue';
import type { Result } from '../../../core/result';
import type { Order, OrderDeps, TransitionInput } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderIdParams, OrderSchema } from './schema';

export interface TransitionRoute {
  /** The last path segment: `/api/v1/orders/{id}/<verb>`. */
  verb: string;
  operationId: string;
  summary: string;
  description: string;
  permission: Permission;
  run: (deps: OrderDeps, input: TransitionInput) => Promise<Result<Order, string>>;
  /** Accepts `Idempotency-Key` (routes that move stock or money). */
  idempotent?: boolean;
}

/**
 * A body-less lifecycle route (`confirm`, `ship`, …): the four differ only in verb, permission and
 * domain function, so they share this definition. An invalid move answers 409 INVALID_TRANSITION.
 */
export function registerTransition(app: App, t: TransitionRoute) {
  const route = createRoute({
    method: 'post',
    path: `/api/v1/orders/{id}/${t.verb}`,
    tags: ['orders'],
    operationId: t.operationId,
    summary: t.summary,
    description: t.description,
    middleware: [requireAuth, requireWorkspace, requirePermission(t.permission), ...(t.idempotent ? [idempotent] : [])],
    security: [{ bearerAuth: [] }],
    request: { params: OrderIdParams, ...(t.idempotent ? { headers: IdempotencyHeaders } : {}) },
    responses: {
      200: { description: 'The order after the transition', content: { 'application/json': { schema: OrderSchema } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  return app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await t.run({ db: c.var.db }, { workspaceId, actor: { type: 'user', id: userId }, orderId: id });
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
}
