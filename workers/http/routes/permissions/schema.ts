import { z } from '@hono/zod-openapi';

const PermissionEntry = z.object({
  permission: z.string().openapi({ example: 'orders:confirm' }),
  action: z.string().openapi({ example: 'confirm' }),
  description: z.string().openapi({ example: 'Confirm orders' }),
});

export const PermissionCatalogueSchema = z
  .object({
    resources: z.array(
      z.object({
        resource: z.string().openapi({ example: 'orders' }),
        description: z.string(),
        /** `resource:*`, the grant of every action below. */
        wildcard: z.string().openapi({ example: 'orders:*' }),
        permissions: z.array(PermissionEntry),
      }),
    ),
    defaultRoles: z.array(
      z.object({
        name: z.string().openapi({ example: 'Operator' }),
        description: z.string(),
        system: z.boolean().openapi({ description: 'System roles cannot be edited or deleted' }),
        permissions: z.array(z.string()),
      }),
    ),
  })
  .openapi('PermissionCatalogue');
