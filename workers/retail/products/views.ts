import { and, asc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { productVariants, products, stockItems, type ProductImage, type ProductStatus } from '../../../db/schema';
import { toCounts, type StockCounts } from '../stock/types';

/** Stock of one variant as the catalogue shows it: the stock module's counts (`low` once available ≤ threshold). */
export type StockLevel = StockCounts;

export interface Variant {
  id: string;
  productId: string;
  sku: string;
  attributes: Record<string, string>;
  priceOverride: number | null;
  /** What this variant sells for: its override, else the product's base price (minor units). */
  price: number;
  currency: string;
  status: 'ACTIVE' | 'ARCHIVED';
  stock: StockLevel;
  createdAt: Date;
  updatedAt: Date;
}

export interface Product {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  tags: string[];
  status: ProductStatus;
  basePrice: number;
  currency: string;
  images: ProductImage[];
  /** Live (not deleted) variants, oldest first. */
  variants: Variant[];
  createdAt: Date;
  updatedAt: Date;
}

/** A product row as read: every column but the generated search vector. */
export type ProductRow = Omit<typeof products.$inferSelect, 'searchVector'>;
export type VariantRow = typeof productVariants.$inferSelect;
export type StockRow = typeof stockItems.$inferSelect;

/** The price a variant sells for: its override when set, else its product's base price. */
export function effectivePrice(
  variant: Pick<VariantRow, 'priceOverride'>,
  product: Pick<ProductRow, 'basePrice'>,
): number {
  return variant.priceOverride ?? product.basePrice;
}

export function toStockLevel(
  variantId: string,
  stock: Pick<StockRow, 'onHand' | 'reserved' | 'lowStockThreshold'> | null,
): StockLevel {
  return toCounts({ variantId, onHand: 0, reserved: 0, lowStockThreshold: 0, ...stock });
}

export function toVariant(row: VariantRow, stock: StockRow | null, product: ProductRow): Variant {
  return {
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    attributes: row.attributes,
    priceOverride: row.priceOverride,
    price: effectivePrice(row, product),
    currency: product.currency,
    status: row.status,
    stock: toStockLevel(row.id, stock),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toProduct(row: ProductRow, variants: Variant[]): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    status: row.status,
    basePrice: row.basePrice,
    currency: row.currency,
    images: row.images,
    variants,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The live variants (with stock) of the given products of one workspace, grouped by product. */
export async function loadVariants(
  db: DbOrTx,
  workspaceId: string,
  productRows: ProductRow[],
): Promise<Map<string, Variant[]>> {
  const byProduct = new Map<string, Variant[]>(productRows.map((p) => [p.id, []]));
  if (productRows.length === 0) return byProduct;
  const productsById = new Map(productRows.map((p) => [p.id, p]));
  const rows = await db
    .select({ variant: productVariants, stock: stockItems })
    .from(productVariants)
    .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(
      and(
        eq(productVariants.workspaceId, workspaceId),
        inArray(productVariants.productId, [...productsById.keys()]),
        isNull(productVariants.deletedAt),
      ),
    )
    .orderBy(asc(productVariants.id));
  for (const { variant, stock } of rows) {
    byProduct.get(variant.productId)!.push(toVariant(variant, stock, productsById.get(variant.productId)!));
  }
  return byProduct;
}

/** Product rows with their live variants, in the order given. */
export async function withVariants(db: DbOrTx, workspaceId: string, productRows: ProductRow[]): Promise<Product[]> {
  const variants = await loadVariants(db, workspaceId, productRows);
  return productRows.map((p) => toProduct(p, variants.get(p.id) ?? []));
}

const { searchVector: _searchVector, ...columns } = getTableColumns(products);
/** The columns of a product row, for selects (the search vector is only ever used in SQL). */
export const productColumns = columns;

/** A live product of the workspace, or undefined. `forUpdate` locks the row for the transaction. */
export async function findProductRow(
  db: DbOrTx,
  workspaceId: string,
  productId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProductRow | undefined> {
  const query = db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.id, productId), eq(products.workspaceId, workspaceId), isNull(products.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}
