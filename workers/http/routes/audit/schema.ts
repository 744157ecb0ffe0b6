import { z } from '@hono/zod-openapi';
import { AUDIT_ACTIONS } from '../../../core/audit/catalogue';
import { ACTOR_TYPES } from '../../../../db/schema';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import { Timestamp } from '../workspaces/schema';

/** The filters both the list and the export accept. */
export const AuditFiltersQuery = z.object({
  actorId: z.string().min(1).max(64).optional().openapi({ example: 'usr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
  action: z.enum(AUDIT_ACTIONS).optional().openapi({ example: 'auth.login_failed' }),
  entityType: z.string().min(1).max(64).optional().openapi({ example: 'order' }),
  entityId: z.string().min(1).max(64).optional(),
  from: z.coerce.date().optional().openapi({ type: 'string', format: 'date-time', description: 'Inclusive' }),
  to: z.coerce.date().optional().openapi({ type: 'string', format: 'date-time', description: 'Inclusive' }),
});

export const ListAuditQuery = PageQuerySchema.extend(AuditFiltersQuery.shape);

export const ExportAuditQuery = AuditFiltersQuery.extend({
  separator: z
    .enum(['comma', 'semicolon'])
    .default('comma')
    .openapi({ description: '`semicolon` opens cleanly in Excel set to Spanish (Argentina)' }),
});

export const AuditEntrySchema = z
  .object({
    id: z.string().openapi({ example: 'aud_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    actorType: z.enum(ACTOR_TYPES),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable().openapi({ description: 'The acting user’s e-mail, when a user acted' }),
    action: z.string().openapi({ example: 'order.confirm' }),
    entityType: z.string().openapi({ example: 'order' }),
    entityId: z.string().nullable(),
    before: z.unknown().openapi({ description: 'The entity before the change, when it applies' }),
    after: z.unknown().openapi({ description: 'The entity after the change, or details of the event' }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi('AuditEntry');

export const AuditPageSchema = PageSchema(AuditEntrySchema).openapi('AuditPage');
