import { z } from 'zod';

/**
 * Cursor pagination over time-ordered ids (see db/ids.ts). The cursor is the last id of the
 * previous page, base64url-encoded so clients treat it as opaque.
 */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe('Opaque cursor from `nextCursor`'),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(id: string): string {
  return btoa(id).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The id inside a cursor, or `undefined` for none/garbage (a bad cursor restarts from the top). */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const id = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    return /^[a-z]+_[0-9A-Z]{26}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Query `limit + 1` rows ordered by id descending, then hand them here. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

export function PageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
