import type { DbOrTx } from '../../../db/client';
import { getVariant, type VariantWithProduct } from '../products/variants';

export type { VariantWithProduct };

/** A live (not soft-deleted) variant of a live product in the workspace, with its product; `undefined` otherwise. */
export async function findVariant(
  db: DbOrTx,
  workspaceId: string,
  variantId: string,
): Promise<VariantWithProduct | undefined> {
  const found = await getVariant({ db }, { workspaceId, variantId });
  return found.ok ? found.value : undefined;
}

/** Only active variants of active products can be reserved or sold. */
export const isSellable = ({ product, variant }: VariantWithProduct): boolean =>
  variant.status === 'ACTIVE' && product.status === 'ACTIVE';
