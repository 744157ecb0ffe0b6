import { createRoute } from '@hono/zod-openapi';
import { removeMember } from '../../../core/tenancy/members';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { memberError } from './errors';
import { MemberParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/workspaces/{id}/members/{memberId}',
  tags: ['members'],
  operationId: 'removeMember',
  summary: 'Remove a member from the workspace',
  description: 'Only an Owner removes an Owner (403); the last Owner cannot be removed (409).',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('members:remove')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: MemberParams },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const registerRemoveMember = (app: App) =>
  app.openapi(route, async (c) => {
    const { memberId } = c.req.valid('param');
    const { workspaceId } = c.var.tenant;
    const result = await removeMember({ db: c.var.db }, { workspaceId, actor: c.var.tenant, memberId });
    if (!result.ok) throw memberError(result);
    return c.body(null, 204);
  });
