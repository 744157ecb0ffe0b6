import { createRoute, type z } from '@hono/zod-openapi';
import { updateMember } from '../../../core/tenancy/members';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { memberError } from './errors';
import { MemberParams, MemberSchema, UpdateMemberBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/workspaces/{id}/members/{memberId}',
  tags: ['members'],
  operationId: 'updateMember',
  summary: "Change a member's role",
  description: 'Only an Owner changes an Owner or grants the Owner role (403). The last Owner cannot be demoted (409).',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('members:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: MemberParams,
    body: { required: true, content: { 'application/json': { schema: UpdateMemberBody } } },
  },
  responses: {
    200: { description: 'The updated member', content: { 'application/json': { schema: MemberSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type UpdateMemberRequest = z.infer<typeof UpdateMemberBody>;
export type UpdateMemberResponse = z.infer<typeof MemberSchema>;

export const registerUpdateMember = (app: App) =>
  app.openapi(route, async (c) => {
    const { memberId } = c.req.valid('param');
    const { roleId } = c.req.valid('json');
    const { workspaceId } = c.var.tenant;
    const result = await updateMember({ db: c.var.db }, { workspaceId, actor: c.var.tenant, memberId, roleId });
    if (!result.ok) throw memberError(result);
    return c.json(MemberSchema.parse(result.value), 200);
  });
