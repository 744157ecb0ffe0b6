import { z } from 'zod';
import { searchProducts, type Product } from '../../retail/products';
import { TALKING_STATES } from './draft';
import type { AgentTool } from './types';
import { stem, wordsOf } from './words';

const Input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words to search, in Spanish as the customer says them: "remeras", "buzo canguro", "jean negro"'),
  category: z.string().trim().min(1).max(100).optional().describe('Exact category, e.g. "Remeras"'),
  inStockOnly: z.boolean().default(true).describe('Only variants with units available (default true)'),
  limit: z.number().int().min(1).max(10).default(5).describe('How many products (1..10, default 5)'),
});
type Input = z.output<typeof Input>;

export interface ListedProduct {
  productId: string;
  name: string;
  category: string | null;
  /** The lowest price among the variants shown, in centavos of `currency`. */
  price: number;
  currency: string;
  variants: Array<{ sku: string; attributes: Record<string, string>; price: number; available: number }>;
}

const attributeStems = (attributes: Record<string, string>) =>
  new Set(Object.values(attributes).flatMap((v) => wordsOf(v).map(stem)));

function toListed(product: Product, inStockOnly: boolean, attributeWords: string[]): ListedProduct | null {
  const sellable = product.variants.filter((v) => v.status === 'ACTIVE' && (!inStockOnly || v.stock.available > 0));
  // "remeras negras talle M": words naming some attribute value of the product ("negras" → Negro,
  // "M") narrow its variants when some variant has them all; otherwise every variant stays, as
  // alternatives. Words naming no attribute value ("talle") are ignored.
  const known = new Set(product.variants.flatMap((v) => [...attributeStems(v.attributes)]));
  const wanted = attributeWords.map(stem).filter((w) => known.has(w));
  const matching = wanted.length
    ? sellable.filter((v) => wanted.every((w) => attributeStems(v.attributes).has(w)))
    : [];
  const shown = matching.length ? matching : sellable;
  if (shown.length === 0) return null;
  return {
    productId: product.id,
    name: product.name,
    category: product.category,
    price: Math.min(...shown.map((v) => v.price)),
    currency: product.currency,
    variants: shown.map((v) => ({
      sku: v.sku,
      attributes: v.attributes,
      price: v.price,
      available: Math.max(0, v.stock.available),
    })),
  };
}

/**
 * Active products matching the query, with their sellable variants, real prices and units
 * available. The catalogue's full text covers name, category and description, not variant
 * attributes, so when the whole query finds nothing its words are split: those that find
 * products search, the rest ("negras", "M") narrow the variants.
 */
export async function findProducts(
  db: Parameters<typeof searchProducts>[0]['db'],
  workspaceId: string,
  input: { query?: string; category?: string; inStockOnly: boolean; limit: number },
): Promise<ListedProduct[]> {
  const search = (q: string | undefined, limit: number) =>
    searchProducts(
      { db },
      {
        workspaceId,
        filters: {
          ...(q ? { q } : {}),
          ...(input.category ? { category: input.category } : {}),
          status: 'ACTIVE',
          ...(input.inStockOnly ? { inStock: true } : {}),
        },
        page: { limit },
      },
    );
  let page = await search(input.query, input.limit);
  let attributeWords: string[] = [];
  const words = input.query ? wordsOf(input.query) : [];
  if (page.items.length === 0 && words.length > 1) {
    const productWords: string[] = [];
    for (const word of words) {
      // One- and two-letter words are sizes ("M", "XL") or noise, and would match SKU prefixes.
      if (word.length > 2 && (await search(word, 1)).items.length > 0) productWords.push(word);
      else attributeWords.push(word);
    }
    if (productWords.length === 0) return [];
    page = await search(productWords.join(' '), input.limit);
    if (page.items.length === 0) {
      // Each word finds products, but not together ("remera jean"): search them as alternatives.
      page = await search(productWords.join(' or '), input.limit);
    }
  } else {
    attributeWords = [];
  }
  return page.items.flatMap((p) => toListed(p, input.inStockOnly, attributeWords) ?? []);
}

export const listProducts: AgentTool<Input, { products: ListedProduct[] }> = {
  name: 'list_products',
  description:
    'Search the shop catalogue. Returns active products with their variants (SKU, attributes such as talle and color, price in centavos, units available). ' +
    'Only what this returns exists: never mention a product, price or stock you did not get from a tool. ' +
    'Query with the Spanish words the customer used ("remeras negras", "buzo", "zapatillas 42"). ' +
    'By default only variants in stock are listed; a size or colour missing from the result is not available.',
  input: Input,
  allowedStates: TALKING_STATES,
  async run(deps, ctx, input) {
    const products = await findProducts(deps.db, ctx.workspaceId, input);
    return { ok: true, data: { products } };
  },
};
