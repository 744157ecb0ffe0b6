import { z } from 'zod';
import { PRODUCT_STATUSES, VARIANT_STATUSES } from '../../../db/schema';

/**
 * Input schemas of the catalogue, shared by the HTTP routes (which add OpenAPI metadata) and the
 * agent's tools. Plain zod: no Hono here. Objects are strict so a typo is refused, not ignored.
 */

/** Prices are integer minor units (centavos); 10^12 centavos is ten thousand million pesos. */
export const MAX_PRICE = 1_000_000_000_000;
/** Stock quantities fit the `integer` columns with room to spare. */
export const MAX_QUANTITY = 1_000_000_000;

export const Price = z
  .number({ error: 'Expected an integer amount in minor units (centavos)' })
  .int('Expected an integer amount in minor units (centavos)')
  .min(0, 'Must be 0 or more')
  .max(MAX_PRICE, `Must be at most ${MAX_PRICE} (minor units)`);

export const Quantity = z.number().int().min(0).max(MAX_QUANTITY);

export const Currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'Expected an ISO 4217 code such as ARS')
  .transform((v) => v.toUpperCase());

const SKU_PATTERN = /^[\p{Lu}\p{N}][\p{Lu}\p{N}._\-/]*$/u;

/** A SKU as stored: trimmed and upper-cased. */
export function normaliseSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export const Sku = z
  .string()
  .transform(normaliseSku)
  .pipe(
    z
      .string()
      .min(1, 'SKU is required')
      .max(64, 'SKU is at most 64 characters')
      .regex(SKU_PATTERN, 'SKU may contain letters, digits, ".", "_", "-" and "/", starting with a letter or digit'),
  );

/** Variant attributes such as `{ "talle": "M", "color": "Negro" }`; keys are stored lower-case. */
export const Attributes = z
  .record(
    z
      .string()
      .trim()
      .min(1)
      .max(40)
      .transform((k) => k.toLowerCase()),
    z.string().trim().min(1, 'Attribute values cannot be empty').max(100),
  )
  .refine((a) => Object.keys(a).length <= 20, 'At most 20 attributes');

export const ProductStatus = z.enum(PRODUCT_STATUSES);
export const VariantStatus = z.enum(VARIANT_STATUSES);

const Name = z.string().trim().min(1, 'Name is required').max(200);
const Description = z.string().trim().max(5000);
const Category = z.string().trim().min(1).max(100);
const Tags = z.array(z.string().trim().min(1).max(50)).max(30);
const Images = z.array(z.strictObject({ url: z.url().max(2000), alt: z.string().max(300).optional() })).max(20);

export const NewVariantInput = z.strictObject({
  sku: Sku,
  attributes: Attributes.optional(),
  /** Overrides the product's base price for this variant. */
  priceOverride: Price.nullable().optional(),
  status: VariantStatus.optional(),
  /** Units on hand to start with (an INITIAL stock movement); 0 if not given. */
  initialStock: Quantity.optional(),
  lowStockThreshold: Quantity.optional(),
});
export type NewVariantInput = z.output<typeof NewVariantInput>;

export const NewProductInput = z.strictObject({
  name: Name,
  description: Description.nullable().optional(),
  category: Category.nullable().optional(),
  tags: Tags.optional(),
  status: ProductStatus.optional(),
  basePrice: Price,
  /** Defaults to the workspace's `settings.currency`. */
  currency: Currency.optional(),
  images: Images.optional(),
  variants: z.array(NewVariantInput).max(100).optional(),
});
export type NewProductInput = z.output<typeof NewProductInput>;

export const ProductChanges = z
  .strictObject({
    name: Name.optional(),
    description: Description.nullable().optional(),
    category: Category.nullable().optional(),
    tags: Tags.optional(),
    status: ProductStatus.optional(),
    basePrice: Price.optional(),
    currency: Currency.optional(),
    images: Images.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export type ProductChanges = z.output<typeof ProductChanges>;

export const VariantChanges = z
  .strictObject({
    sku: Sku.optional(),
    /** Replaces the attributes as a whole. */
    attributes: Attributes.optional(),
    /** `null` clears the override so the variant follows the product's base price. */
    priceOverride: Price.nullable().optional(),
    status: VariantStatus.optional(),
    lowStockThreshold: Quantity.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');
export type VariantChanges = z.output<typeof VariantChanges>;

export const ProductFilters = z.object({
  /** Full text over name, category and description (Spanish stemming), or a SKU prefix. */
  q: z.string().trim().min(1).max(200).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  status: ProductStatus.optional(),
  /** Bounds on the base price, minor units, inclusive. */
  minPrice: Price.optional(),
  maxPrice: Price.optional(),
  /** true: at least one live variant with units available; false: none. */
  inStock: z.boolean().optional(),
});
export type ProductFilters = z.output<typeof ProductFilters>;
