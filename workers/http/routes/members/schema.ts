import { z } from '@hono/zod-openapi';
import { MEMBERSHIP_STATUSES } from '../../../../db/schema';
import { Timestamp, WorkspaceIdParams } from '../workspaces/schema';

export const MemberParams = WorkspaceIdParams.extend({
  memberId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'memberId', in: 'path' }, example: 'mem_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const MemberSchema = z
  .object({
    id: z.string().openapi({ description: 'The membership id', example: 'mem_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    userId: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.object({ id: z.string(), name: z.string().openapi({ example: 'Operator' }) }),
    status: z.enum(MEMBERSHIP_STATUSES),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Member');

export const MemberListSchema = z.object({ data: z.array(MemberSchema) }).openapi('MemberList');

const RoleId = z.string().min(1).openapi({ example: 'rol_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' });

export const InviteMemberBody = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .email()
      .max(254)
      .openapi({ description: 'E-mail of a registered Nexova user', example: 'ana@example.com' }),
    roleId: RoleId,
  })
  .strict()
  .openapi('InviteMember');

export const UpdateMemberBody = z.object({ roleId: RoleId }).strict().openapi('UpdateMember');
