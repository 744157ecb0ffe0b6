import { createRoute, type z } from '@hono/zod-openapi';
import { listAudit } from '../../../core/audit/query';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { AuditPageSchema, ListAuditQuery } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  tags: ['audit'],
  operationId: 'listAudit',
  summary: 'The workspace’s audit trail, newest first',
  description:
    'Every audited write and sign-in of the workspace’s members, with actor, IP, user agent, request id and ' +
    'before/after. Filters combine with AND; `nextCursor` continues the list.',
  middleware: [requireAuth, requireWorkspace, requirePermission('audit:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListAuditQuery },
  responses: {
    200: { description: 'A page of audit entries', content: { 'application/json': { schema: AuditPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListAuditResponse = z.infer<typeof AuditPageSchema>;

export const registerListAudit = (app: App) =>
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listAudit({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, ...query });
    return c.json(AuditPageSchema.parse(page), 200);
  });
