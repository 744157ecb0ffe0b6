import { z } from '@hono/zod-openapi';
import { SETTINGS_SHAPE } from '../../../core/tenancy/settings';

/** A timestamp: a `Date` in the domain, an ISO 8601 string on the wire. */
export const Timestamp = z.date().openapi({ type: 'string', format: 'date-time' });

export const WorkspaceIdParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ws_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const WorkspaceSettings = z.strictObject(SETTINGS_SHAPE).openapi('WorkspaceSettings', {
  example: { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' },
});

export const WorkspaceSettingsInput = z
  .strictObject(SETTINGS_SHAPE)
  .partial()
  .openapi('WorkspaceSettingsInput', {
    description: 'Any subset of the settings; on update, keys not sent keep their value.',
    example: { timezone: 'America/Argentina/Cordoba' },
  });

const WorkspaceName = z.string().trim().min(1).max(100).openapi({ example: 'Demo Store' });

/** A workspace as the caller sees it: with the caller's role there and the permissions it grants. */
export const WorkspaceSchema = z
  .object({
    id: z.string().openapi({ example: 'ws_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    name: z.string(),
    settings: WorkspaceSettings,
    role: z.object({ id: z.string(), name: z.string().openapi({ example: 'Owner' }) }),
    permissions: z.array(z.string()).openapi({ example: ['*'] }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Workspace');

export const WorkspaceListSchema = z.object({ data: z.array(WorkspaceSchema) }).openapi('WorkspaceList');

export const CreateWorkspaceBody = z
  .object({ name: WorkspaceName, settings: WorkspaceSettingsInput.optional() })
  .strict()
  .openapi('CreateWorkspace');

export const UpdateWorkspaceBody = z
  .object({ name: WorkspaceName.optional(), settings: WorkspaceSettingsInput.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.settings !== undefined, 'Send name and/or settings')
  .openapi('UpdateWorkspace');
