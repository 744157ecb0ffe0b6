import { text, timestamp } from 'drizzle-orm/pg-core';

/** `created_at` / `updated_at` as `timestamptz`, set by the database. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const id = () => text('id').primaryKey();
