import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './columns';
import { users } from './identity';

export interface WorkspaceSettings {
  currency: string;
  timezone: string;
  language: string;
  [key: string]: unknown;
}

export const workspaces = pgTable(
  'workspaces',
  {
    id: id(),
    name: text('name').notNull(),
    settings: jsonb('settings').$type<WorkspaceSettings>().notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    ...timestamps,
    deletedAt: tstz('deleted_at'),
  },
  (t) => [index('workspaces_created_by_idx').on(t.createdBy)],
);

export const roles = pgTable(
  'roles',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isSystem: boolean('is_system').notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('roles_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const MEMBERSHIP_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('ACTIVE'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('memberships_workspace_user_key').on(t.workspaceId, t.userId),
    index('memberships_user_id_idx').on(t.userId),
    index('memberships_role_id_idx').on(t.roleId),
  ],
);
