import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { stockMovements, type StockMovementReason } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import { toMovement, type StockMovement } from './types';

export interface ListMovementsInput {
  workspaceId: string;
  variantId?: string;
  reason?: StockMovementReason;
  /** Inclusive bounds on `createdAt`. */
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** The stock ledger of the workspace, newest first, with cursor pagination. */
export async function listMovements({ db }: { db: DbOrTx }, input: ListMovementsInput): Promise<Page<StockMovement>> {
  const filters: Array<SQL | undefined> = [eq(stockMovements.workspaceId, input.workspaceId)];
  const after = decodeCursor(input.cursor);
  if (after) filters.push(lt(stockMovements.id, after));
  if (input.variantId) filters.push(eq(stockMovements.variantId, input.variantId));
  if (input.reason) filters.push(eq(stockMovements.reason, input.reason));
  if (input.from) filters.push(gte(stockMovements.createdAt, input.from));
  if (input.to) filters.push(lte(stockMovements.createdAt, input.to));
  const rows = await db
    .select()
    .from(stockMovements)
    .where(and(...filters))
    .orderBy(desc(stockMovements.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(toMovement), nextCursor: page.nextCursor };
}
