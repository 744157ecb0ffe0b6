import { createRoute, type z } from '@hono/zod-openapi';
import { catalogueView } from '../../../core/rbac/catalogue-view';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { PermissionCatalogueSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/permissions',
  tags: ['roles'],
  operationId: 'listPermissions',
  summary: 'The permission catalogue and the default roles',
  description:
    'Every permission a role may grant, grouped by resource, plus the permission sets new workspaces start with. Grants may also be `resource:*` or `*`.',
  middleware: [requireAuth] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The catalogue', content: { 'application/json': { schema: PermissionCatalogueSchema } } },
    ...errorResponses(401),
  },
});

export type ListPermissionsResponse = z.infer<typeof PermissionCatalogueSchema>;

export const registerListPermissions = (app: App) =>
  app.openapi(route, (c) => c.json(PermissionCatalogueSchema.parse(catalogueView()), 200));
