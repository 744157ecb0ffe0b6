import { createRoute, type z } from '@hono/zod-openapi';
import { approveRequest, rejectRequest } from '../../../agent/approvals';
import { toolByName } from '../../../agent/tools/registry';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { ApprovalIdParams, ApprovalSchema, DecideBody } from './schema';

const decideRoute = (verb: 'approve' | 'reject', summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/api/v1/approvals/{id}/${verb}`,
    tags: ['approvals'],
    operationId: `${verb}Approval`,
    summary,
    description,
    middleware: [requireAuth, requireWorkspace, requirePermission('approvals:decide')] as const,
    security: [{ bearerAuth: [] }],
    request: {
      params: ApprovalIdParams,
      body: { required: false, content: { 'application/json': { schema: DecideBody } } },
    },
    responses: {
      200: { description: 'The decided request', content: { 'application/json': { schema: ApprovalSchema } } },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });

export type DecideApprovalResponse = z.infer<typeof ApprovalSchema>;

/** Approval failures over HTTP: a decided request is a conflict; a failing tool passes its code on. */
function decideError(failure: { error: string; message?: string; details?: Record<string, unknown> }): ApiError {
  if (failure.error === 'NOT_FOUND') return new ApiError('NOT_FOUND', failure.message ?? 'Approval not found');
  if (failure.error === 'TOOL_FAILED') {
    return failureToApiError({
      error: String(failure.details?.code ?? 'CONFLICT'),
      message: failure.message ?? 'The action failed',
      details: failure.details,
    });
  }
  return new ApiError('CONFLICT', failure.message ?? failure.error, { reason: failure.error });
}

export const registerDecideApproval = (app: App) => {
  app.openapi(
    decideRoute(
      'approve',
      'Approve an agent action and run it',
      'Runs the tool with the stored input (e.g. `adjust_stock` changes the stock, audited) and records its result. A request already decided answers 409; a tool that fails answers its error (e.g. 409 INSUFFICIENT_STOCK) and the request stays PENDING.',
    ),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json') ?? {};
      const { workspaceId, userId } = c.var.tenant;
      const result = await approveRequest(
        { db: c.var.db, files: c.env.FILES, toolByName },
        { workspaceId, approvalId: id, userId, ...(body.note ? { note: body.note } : {}) },
      );
      if (!result.ok) throw decideError(result);
      return c.json(ApprovalSchema.parse(result.value), 200);
    },
  );
  app.openapi(
    decideRoute('reject', 'Reject an agent action', 'Nothing runs; the decision (and the optional note) is recorded.'),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json') ?? {};
      const { workspaceId, userId } = c.var.tenant;
      const result = await rejectRequest(
        { db: c.var.db },
        { workspaceId, approvalId: id, userId, ...(body.note ? { note: body.note } : {}) },
      );
      if (!result.ok) throw decideError(result);
      return c.json(ApprovalSchema.parse(result.value), 200);
    },
  );
};
