/**
 * The demo catalogue: a clothing shop in Buenos Aires — remeras, jeans, buzos, camperas,
 * zapatillas, vestidos, gorras and medias — with variants by talle and color, prices in ARS
 * centavos at late-2026 levels, and stock that includes a low variant and a sold-out one.
 *
 * It goes through the catalogue's own domain functions (`createProduct`, `addVariant`), so the
 * demo rows carry stock rows, INITIAL movements, audit rows and events exactly like rows created
 * through the API. That is why this file, like the rest of scripts/seed/, imports from workers/.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../workers/core/audit/record';
import { addVariant, createProduct, type NewProductInput, type NewVariantInput } from '../../workers/retail/products';
import type { DbOrTx } from '../../db/client';
import { productVariants } from '../../db/schema';

const SEED_ACTOR: Actor = { type: 'system', id: null };
const pesos = (amount: number) => amount * 100;

type Stock = number | ((talle: string, color: string) => number);

/** One variant per talle × color, SKU `<prefix>-<COLOR>-<TALLE>`, with the stock `stock` gives. */
function grid(
  prefix: string,
  talles: string[],
  colors: Array<[code: string, name: string]>,
  stock: Stock,
  lowStockThreshold = 3,
): NewVariantInput[] {
  return colors.flatMap(([code, color]) =>
    talles.map((talle) => ({
      sku: `${prefix}-${code}-${talle}`.replaceAll(' ', ''),
      attributes: { talle, color },
      initialStock: typeof stock === 'number' ? stock : stock(talle, color),
      lowStockThreshold,
    })),
  );
}

/** More of the middle sizes than of the extremes, as a shop actually stocks them. */
const bySize = (talle: string) => (['M', 'L', '40', '42'].includes(talle) ? 14 : 7);

export const DEMO_CATALOG: NewProductInput[] = [
  {
    name: 'Remera básica de algodón',
    description: 'Remera de jersey 100% algodón peinado, cuello redondo, calce regular.',
    category: 'Remeras',
    tags: ['algodón', 'básicos', 'verano'],
    basePrice: pesos(22_900),
    variants: grid(
      'REM-BAS',
      ['S', 'M', 'L', 'XL'],
      [
        ['NEG', 'Negro'],
        ['BLA', 'Blanco'],
      ],
      bySize,
    ).map((v) => (v.attributes!.talle === 'XL' ? { ...v, priceOverride: pesos(24_900) } : v)),
  },
  {
    name: 'Remera oversize estampada',
    description: 'Remera amplia con estampa frontal "Buenos Aires", algodón 24/1.',
    category: 'Remeras',
    tags: ['estampada', 'oversize'],
    basePrice: pesos(27_500),
    variants: grid('REM-OVS', ['M', 'L', 'XL'], [['GRI', 'Gris topo']], 9),
  },
  {
    name: 'Jean recto clásico',
    description: 'Denim rígido 14 oz, tiro medio, cinco bolsillos.',
    category: 'Jeans',
    tags: ['denim'],
    basePrice: pesos(64_900),
    variants: grid('JEA-REC', ['38', '40', '42', '44'], [['AZU', 'Azul']], bySize),
  },
  {
    name: 'Jean mom tiro alto',
    description: 'Denim con elastano, tiro alto y pierna recta al tobillo.',
    category: 'Jeans',
    tags: ['denim', 'tiro alto'],
    basePrice: pesos(69_900),
    variants: grid('JEA-MOM', ['36', '38', '40'], [['CEL', 'Celeste']], 8),
  },
  {
    name: 'Buzo canguro con capucha',
    description: 'Frisa invisible, bolsillo canguro y capucha con cordón.',
    category: 'Buzos',
    tags: ['frisa', 'invierno'],
    basePrice: pesos(58_000),
    variants: grid(
      'BUZ-CAN',
      ['S', 'M', 'L'],
      [
        ['NEG', 'Negro'],
        ['GRM', 'Gris melange'],
      ],
      bySize,
    ),
  },
  {
    name: 'Buzo cuello redondo de frisa',
    description: 'Buzo liso de frisa, puños y cintura de morley.',
    category: 'Buzos',
    tags: ['frisa', 'básicos'],
    basePrice: pesos(49_900),
    variants: grid('BUZ-RED', ['M', 'L'], [['OLI', 'Verde oliva']], 10),
  },
  {
    name: 'Campera rompeviento',
    description: 'Rompeviento impermeable con capucha guardada en el cuello.',
    category: 'Camperas',
    tags: ['impermeable', 'media estación'],
    basePrice: pesos(89_900),
    variants: grid('CAM-ROM', ['M', 'L', 'XL'], [['NEG', 'Negro']], 6),
  },
  {
    name: 'Campera puffer',
    description: 'Campera inflable con relleno sintético, cierre y bolsillos laterales.',
    category: 'Camperas',
    tags: ['invierno', 'abrigo'],
    basePrice: pesos(139_000),
    // Beige in S is sold out.
    variants: grid(
      'CAM-PUF',
      ['S', 'M', 'L'],
      [
        ['NEG', 'Negro'],
        ['BEI', 'Beige'],
      ],
      (talle, color) => (talle === 'S' && color === 'Beige' ? 0 : 5),
    ),
  },
  {
    name: 'Zapatillas urbanas de cuero',
    description: 'Zapatillas de cuero vacuno con suela de goma cosida.',
    category: 'Zapatillas',
    tags: ['cuero', 'urbanas'],
    basePrice: pesos(119_000),
    variants: grid('ZAP-URB', ['38', '39', '40', '41', '42', '43'], [['BLA', 'Blanco']], 4, 2),
  },
  {
    name: 'Zapatillas running',
    description: 'Zapatillas livianas con entresuela de espuma y capellada de malla.',
    category: 'Zapatillas',
    tags: ['deportivas', 'running'],
    basePrice: pesos(149_000),
    // Only one pair left in 43: below its threshold of 3.
    variants: grid('ZAP-RUN', ['39', '40', '41', '42', '43'], [['NEG', 'Negro']], (talle) => (talle === '43' ? 1 : 6)),
  },
  {
    name: 'Vestido midi de lino',
    description: 'Vestido midi de lino con breteles regulables y forro de algodón.',
    category: 'Vestidos',
    tags: ['lino', 'verano'],
    basePrice: pesos(62_000),
    variants: grid(
      'VES-LIN',
      ['S', 'M', 'L'],
      [
        ['SAL', 'Verde salvia'],
        ['CRU', 'Crudo'],
      ],
      5,
    ),
  },
  {
    name: 'Vestido corto estampado',
    description: 'Vestido corto de fibrana con estampa floreada y mangas cortas.',
    category: 'Vestidos',
    tags: ['fibrana', 'estampado', 'verano'],
    basePrice: pesos(45_000),
    variants: grid('VES-COR', ['S', 'M'], [['FLO', 'Floreado']], 7),
  },
  {
    name: 'Gorra trucker bordada',
    description: 'Gorra de gabardina con red trasera y logo bordado, cierre regulable.',
    category: 'Accesorios',
    tags: ['gorras'],
    basePrice: pesos(18_500),
    variants: grid(
      'GOR-TRU',
      ['U'],
      [
        ['NEG', 'Negro'],
        ['AZM', 'Azul marino'],
      ],
      12,
    ),
  },
  {
    name: 'Medias de algodón pack x3',
    description: 'Tres pares de medias caña media de algodón con puño elastizado.',
    category: 'Medias',
    tags: ['algodón', 'básicos'],
    basePrice: pesos(7_900),
    variants: grid('MED-ALG', ['35-40', '41-45'], [['SUR', 'Surtido']], 20, 5),
  },
];

export interface SeedCatalogResult {
  /** Products created by this run. */
  productsCreated: number;
  /** Variants added to products that already existed (SKUs missing from a previous run). */
  variantsAdded: number;
}

/**
 * Seeds the demo catalogue into `workspaceId`. Idempotent by SKU: a product none of whose SKUs
 * exist is created; a product some of whose SKUs exist gets only its missing variants; a second
 * run writes nothing. Exported for scripts/seed/index.ts, which decides the workspace.
 */
export async function seedCatalog(db: DbOrTx, workspaceId: string): Promise<SeedCatalogResult> {
  const result: SeedCatalogResult = { productsCreated: 0, variantsAdded: 0 };
  for (const product of DEMO_CATALOG) {
    const skus = (product.variants ?? []).map((v) => v.sku);
    const existing = await db
      .select({ sku: productVariants.sku, productId: productVariants.productId })
      .from(productVariants)
      .where(
        and(
          eq(productVariants.workspaceId, workspaceId),
          inArray(productVariants.sku, skus),
          isNull(productVariants.deletedAt),
        ),
      );
    if (existing.length === 0) {
      const created = await createProduct({ db }, { workspaceId, actor: SEED_ACTOR, input: product });
      if (!created.ok) throw new Error(`seedCatalog: ${product.name}: ${created.error} ${created.message ?? ''}`);
      result.productsCreated++;
      continue;
    }
    const present = new Set(existing.map((e) => e.sku));
    for (const variant of product.variants ?? []) {
      if (present.has(variant.sku)) continue;
      const productId = existing[0]!.productId;
      const added = await addVariant({ db }, { workspaceId, actor: SEED_ACTOR, productId, variant });
      if (!added.ok) throw new Error(`seedCatalog: ${variant.sku}: ${added.error} ${added.message ?? ''}`);
      result.variantsAdded++;
    }
  }
  return result;
}
