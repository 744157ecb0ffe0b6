import { z } from '@hono/zod-openapi';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import {
  MAX_PRICE,
  NewProductInput,
  NewVariantInput,
  ProductChanges,
  ProductStatus,
  VariantChanges,
  VariantStatus,
} from '../../../retail/products';
import { StockCountsSchema, Timestamp } from '../stock/schema';

const Id = (example: string) => z.string().openapi({ example });

export const ProductIdParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'prd_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

export const VariantParams = ProductIdParams.extend({
  variantId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'variantId', in: 'path' }, example: 'var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
});

const Money = z.number().int().openapi({ description: 'Minor units (centavos)', example: 1250000 });

export const VariantSchema = z
  .object({
    id: Id('var_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    productId: Id('prd_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    sku: z.string().openapi({ example: 'REM-ALG-M-NEG' }),
    attributes: z.record(z.string(), z.string()).openapi({ example: { talle: 'M', color: 'Negro' } }),
    priceOverride: Money.nullable().openapi({ description: "Overrides the product's base price when set" }),
    price: Money.openapi({ description: 'Effective price: the override, else the base price' }),
    currency: z.string().openapi({ example: 'ARS' }),
    status: VariantStatus,
    stock: StockCountsSchema,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Variant');

export const ProductSchema = z
  .object({
    id: Id('prd_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
    name: z.string().openapi({ example: 'Remera de algodón' }),
    description: z.string().nullable(),
    category: z.string().nullable().openapi({ example: 'Remeras' }),
    tags: z.array(z.string()),
    status: ProductStatus,
    basePrice: Money,
    currency: z.string().openapi({ example: 'ARS' }),
    images: z.array(z.object({ url: z.string(), alt: z.string().optional() })),
    variants: z.array(VariantSchema).openapi({ description: 'Live variants, oldest first' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Product');

export const ProductPageSchema = PageSchema(ProductSchema).openapi('ProductPage');

const BooleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const PriceQuery = z.coerce.number().int().min(0).max(MAX_PRICE).optional();

export const ListProductsQuery = PageQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().openapi({
    description:
      'Spanish full text over name, category and description ("remeras" finds "Remera de algodón"), or a SKU prefix; best matches first',
    example: 'remera negra',
  }),
  category: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Exact category, any case', example: 'Remeras' }),
  status: ProductStatus.optional(),
  minPrice: PriceQuery.openapi({ description: 'Base price at least this (minor units)', example: 1000000 }),
  maxPrice: PriceQuery.openapi({ description: 'Base price at most this (minor units)', example: 5000000 }),
  inStock: BooleanQuery.openapi({
    description: 'true: at least one live, active variant has units available; false: none has',
    example: 'true',
  }),
});

export const CreateProductBody = NewProductInput.clone().openapi('CreateProduct', {
  example: {
    name: 'Remera de algodón',
    category: 'Remeras',
    basePrice: 1850000,
    variants: [
      { sku: 'REM-ALG-M-NEG', attributes: { talle: 'M', color: 'Negro' }, initialStock: 10, lowStockThreshold: 3 },
    ],
  },
});
export const UpdateProductBody = ProductChanges.clone().openapi('UpdateProduct', { example: { basePrice: 1990000 } });
export const CreateVariantBody = NewVariantInput.clone().openapi('CreateVariant', {
  example: { sku: 'REM-ALG-L-NEG', attributes: { talle: 'L', color: 'Negro' }, initialStock: 5 },
});
export const UpdateVariantBody = VariantChanges.clone().openapi('UpdateVariant', { example: { priceOverride: null } });

export const ImportQuery = z.object({
  dryRun: BooleanQuery.openapi({ description: 'Validate and report without writing anything', example: 'true' }),
});

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    summary: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      failed: z.number().int(),
    }),
    rows: z.array(
      z.object({
        line: z.number().int().openapi({ description: 'Line of the file where the row starts (header is 1)' }),
        sku: z.string(),
        status: z.enum(['created', 'updated', 'error']),
        errors: z.array(z.string()).optional(),
        productId: z.string().optional(),
        variantId: z.string().optional(),
      }),
    ),
  })
  .openapi('ImportReport');
