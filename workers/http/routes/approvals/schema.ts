import { z } from '@hono/zod-openapi';
import { APPROVAL_STATUSES } from '../../../../db/schema';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import { Timestamp } from '../workspaces/schema';

const Status = z.enum(APPROVAL_STATUSES).openapi({ example: 'PENDING' });

export const ApprovalIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'apr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const ApprovalSchema = z
  .object({
    id: z.string().openapi({ example: 'apr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    sessionId: z.string().nullable().openapi({ description: 'The conversation whose agent asked' }),
    tool: z.string().openapi({ example: 'adjust_stock' }),
    input: z.unknown().openapi({ description: 'The tool input the agent proposed (validated)' }),
    reason: z.string().nullable(),
    status: Status,
    result: z.unknown().openapi({ description: 'The tool’s result once approved, or the rejection note' }),
    decidedBy: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Approval');

export const ApprovalPageSchema = PageSchema(ApprovalSchema).openapi('ApprovalPage');

export const ListApprovalsQuery = PageQuerySchema.extend({ status: Status.optional() });

export const DecideBody = z
  .object({ note: z.string().trim().min(1).max(500).optional() })
  .strict()
  .openapi('ApprovalDecision');
