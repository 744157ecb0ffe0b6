import { z } from '@hono/zod-openapi';
import { Timestamp, WorkspaceIdParams } from '../workspaces/schema';

export const RoleParams = WorkspaceIdParams.extend({
  roleId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'roleId', in: 'path' }, example: 'rol_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const RoleSchema = z
  .object({
    id: z.string().openapi({ example: 'rol_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    name: z.string().openapi({ example: 'Cashier' }),
    description: z.string().nullable(),
    permissions: z.array(z.string()).openapi({ example: ['orders:*', 'payments:create'] }),
    isSystem: z.boolean().openapi({ description: 'System roles (Owner, Admin) cannot be edited or deleted' }),
    memberCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Role');

export const RoleListSchema = z.object({ data: z.array(RoleSchema) }).openapi('RoleList');

const RoleName = z.string().trim().min(1).max(60).openapi({ example: 'Cashier' });
const Description = z.string().trim().max(500).nullable();
const Permissions = z
  .array(z.string().max(100))
  .max(200)
  .openapi({
    description: 'Catalogue permissions (`GET /api/v1/permissions`), `resource:*` for a catalogue resource, or `*`',
    example: ['orders:*', 'payments:create'],
  });

export const CreateRoleBody = z
  .object({ name: RoleName, description: Description.optional(), permissions: Permissions })
  .strict()
  .openapi('CreateRole');

export const UpdateRoleBody = z
  .object({ name: RoleName.optional(), description: Description.optional(), permissions: Permissions.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send name, description and/or permissions')
  .openapi('UpdateRole');
