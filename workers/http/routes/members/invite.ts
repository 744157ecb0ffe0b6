import { createRoute, type z } from '@hono/zod-openapi';
import { inviteMember } from '../../../core/tenancy/members';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { memberError } from './errors';
import { WorkspaceIdParams } from '../workspaces/schema';
import { InviteMemberBody, MemberSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/workspaces/{id}/members',
  tags: ['members'],
  operationId: 'inviteMember',
  summary: 'Add a registered user to the workspace with a role',
  description:
    'Unknown e-mail → 404; already a member → 409. Only an Owner may grant the Owner role, and nobody may grant a role with permissions they do not hold (403).',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('members:invite')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: WorkspaceIdParams,
    body: { required: true, content: { 'application/json': { schema: InviteMemberBody } } },
  },
  responses: {
    201: { description: 'The new member', content: { 'application/json': { schema: MemberSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type InviteMemberRequest = z.infer<typeof InviteMemberBody>;
export type InviteMemberResponse = z.infer<typeof MemberSchema>;

export const registerInviteMember = (app: App) =>
  app.openapi(route, async (c) => {
    const { email, roleId } = c.req.valid('json');
    const { workspaceId } = c.var.tenant;
    const result = await inviteMember({ db: c.var.db }, { workspaceId, actor: c.var.tenant, email, roleId });
    if (!result.ok) throw memberError(result);
    return c.json(MemberSchema.parse(result.value), 201);
  });
