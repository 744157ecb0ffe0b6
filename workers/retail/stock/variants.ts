import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { productVariants, products } from '../../../db/schema';

/** What stock and orders need to know about a variant and its product. */
export interface VariantInfo {
  id: string;
  productId: string;
  sku: string;
  attributes: Record<string, string>;
  status: 'ACTIVE' | 'ARCHIVED';
  productName: string;
  productStatus: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  /** The variant's price override, else the product's base price (minor units). */
  unitPrice: number;
  currency: string;
}

/** A live (not soft-deleted) variant of a live product in the workspace; `undefined` otherwise. */
export async function findVariant(db: DbOrTx, workspaceId: string, variantId: string): Promise<VariantInfo | undefined> {
  const [row] = await db
    .select({ variant: productVariants, product: products })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(
      and(
        eq(productVariants.workspaceId, workspaceId),
        eq(productVariants.id, variantId),
        isNull(productVariants.deletedAt),
        isNull(products.deletedAt),
      ),
    );
  if (!row) return undefined;
  const { variant, product } = row;
  return {
    id: variant.id,
    productId: product.id,
    sku: variant.sku,
    attributes: variant.attributes,
    status: variant.status,
    productName: product.name,
    productStatus: product.status,
    unitPrice: variant.priceOverride ?? product.basePrice,
    currency: product.currency,
  };
}

/** Only active variants of active products can be reserved or sold. */
export const isSellable = (v: VariantInfo): boolean => v.status === 'ACTIVE' && v.productStatus === 'ACTIVE';
