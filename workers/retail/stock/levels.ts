import { and, desc, eq, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { productVariants, products, stockItems } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import { fail, ok, type Result } from '../../core/result';
import { toCounts, type StockLevel } from './types';

export interface ListStockInput {
  workspaceId: string;
  /** Only variants whose availability is at or below their low-stock threshold. */
  low?: boolean;
  /** Matches the start of the SKU or any part of the product name (case-insensitive). */
  q?: string;
  limit: number;
  cursor?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const onHand = sql<number>`coalesce(${stockItems.onHand}, 0)`;
const reserved = sql<number>`coalesce(${stockItems.reserved}, 0)`;
const threshold = sql<number>`coalesce(${stockItems.lowStockThreshold}, 0)`;

function levelQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      variantId: productVariants.id,
      productId: products.id,
      productName: products.name,
      sku: productVariants.sku,
      attributes: productVariants.attributes,
      onHand: onHand.mapWith(Number),
      reserved: reserved.mapWith(Number),
      lowStockThreshold: threshold.mapWith(Number),
      updatedAt: stockItems.updatedAt,
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(where);
}

type LevelRow = Awaited<ReturnType<typeof levelQuery>>[number];

const toLevel = (row: LevelRow): StockLevel => ({
  ...toCounts(row),
  productId: row.productId,
  productName: row.productName,
  sku: row.sku,
  attributes: row.attributes,
  updatedAt: row.updatedAt,
});

const liveVariantsOf = (workspaceId: string) =>
  and(eq(productVariants.workspaceId, workspaceId), isNull(productVariants.deletedAt), isNull(products.deletedAt));

/** Available (on hand − reserved) at or below the variant's low-stock threshold. */
const isLow = sql`${onHand} - ${reserved} <= ${threshold}`;

/**
 * Inventory per live variant (a variant without a stock row counts as 0 on hand), newest
 * variant first, with cursor pagination.
 */
export async function listStock({ db }: { db: DbOrTx }, input: ListStockInput): Promise<Page<StockLevel>> {
  const filters: Array<SQL | undefined> = [liveVariantsOf(input.workspaceId)];
  const after = decodeCursor(input.cursor);
  if (after) filters.push(lt(productVariants.id, after));
  if (input.low) filters.push(isLow);
  const q = input.q?.trim();
  if (q) {
    const pattern = escapeLike(q);
    filters.push(or(ilike(productVariants.sku, `${pattern}%`), ilike(products.name, `%${pattern}%`)));
  }
  const rows = await levelQuery(db, and(...filters))
    .orderBy(desc(productVariants.id))
    .limit(input.limit + 1);
  const page = toPage(
    rows.map((r) => ({ ...r, id: r.variantId })),
    input.limit,
  );
  return { items: page.items.map(toLevel), nextCursor: page.nextCursor };
}

/** One live variant's stock level. */
export async function getStockLevel(
  { db }: { db: DbOrTx },
  { workspaceId, variantId }: { workspaceId: string; variantId: string },
): Promise<Result<StockLevel, 'NOT_FOUND'>> {
  const [row] = await levelQuery(db, and(liveVariantsOf(workspaceId), eq(productVariants.id, variantId)));
  return row ? ok(toLevel(row)) : fail('NOT_FOUND', 'Variant not found');
}

/** How many live variants are low (the rows `listStock({ low: true })` pages through). */
export async function countLowStock({ db }: { db: DbOrTx }, { workspaceId }: { workspaceId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(and(liveVariantsOf(workspaceId), isLow));
  return row?.n ?? 0;
}
