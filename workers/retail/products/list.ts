import { and, desc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { products } from '../../../db/schema';
import { decodeCursor, toPage, type Page, type PageQuery } from '../../core/pagination';
import type { CatalogDeps } from './products';
import { normaliseSku, type ProductFilters } from './schemas';
import { productColumns, withVariants, type Product } from './views';

export interface ListProductsInput {
  workspaceId: string;
  filters?: ProductFilters;
  page?: Partial<PageQuery>;
}

const DEFAULT_LIMIT = 25;

/** `%`, `_` and `\` match literally in a LIKE pattern once escaped. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Live products of the workspace, each with its live variants, prices and stock, one page at a
 * time. Without `q` the newest come first; with `q` the best full-text matches come first
 * (`ts_rank` over the Spanish search vector, then newest), and a product also matches when one
 * of its live variants has a SKU starting with `q`. The cursor is the last product's id: the
 * next page resumes after that product's rank and id, so pages never overlap.
 */
export async function listProducts({ db }: CatalogDeps, input: ListProductsInput): Promise<Page<Product>> {
  const { workspaceId, filters = {} } = input;
  const limit = input.page?.limit ?? DEFAULT_LIMIT;
  const cursor = decodeCursor(input.page?.cursor);

  const where: Array<SQL | undefined> = [eq(products.workspaceId, workspaceId), isNull(products.deletedAt)];
  if (filters.category) where.push(sql`lower(${products.category}) = lower(${filters.category})`);
  if (filters.status) where.push(eq(products.status, filters.status));
  if (filters.minPrice !== undefined) where.push(gte(products.basePrice, filters.minPrice));
  if (filters.maxPrice !== undefined) where.push(lte(products.basePrice, filters.maxPrice));
  if (filters.inStock !== undefined) {
    const available = sql`exists (
      select 1 from product_variants v join stock_items s on s.variant_id = v.id
      where v.product_id = ${products.id} and v.workspace_id = ${workspaceId}
        and v.deleted_at is null and v.status = 'ACTIVE' and s.on_hand - s.reserved > 0)`;
    where.push(filters.inStock ? available : sql`not ${available}`);
  }

  let rank: SQL | undefined;
  if (filters.q) {
    const query = sql`websearch_to_tsquery('spanish', ${filters.q})`;
    const skuPrefix = `${escapeLike(normaliseSku(filters.q))}%`;
    rank = sql`ts_rank(${products.searchVector}, ${query})`;
    where.push(
      sql`(${products.searchVector} @@ ${query} or exists (
        select 1 from product_variants v
        where v.product_id = ${products.id} and v.workspace_id = ${workspaceId}
          and v.deleted_at is null and v.sku like ${skuPrefix}))`,
    );
    if (cursor) {
      // Resume after the cursor product's (rank, id); its rank is recomputed with the same query.
      where.push(
        sql`(${rank}, ${products.id}) < (
          select ts_rank(c.search_vector, ${query}), c.id from products c
          where c.id = ${cursor} and c.workspace_id = ${workspaceId})`,
      );
    }
  } else if (cursor) {
    where.push(lt(products.id, cursor));
  }

  const rows = await db
    .select(productColumns)
    .from(products)
    .where(and(...where))
    .orderBy(...(rank ? [sql`${rank} desc`, desc(products.id)] : [desc(products.id)]))
    .limit(limit + 1);
  const page = toPage(rows, limit);
  return { items: await withVariants(db, workspaceId, page.items), nextCursor: page.nextCursor };
}

/** The agent's product search: the same as `listProducts`, named for what the tool does. */
export const searchProducts = listProducts;
