import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, importProducts } from '../../../retail/products';
import type { AppEnv, App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { catalogError } from './errors';
import { ImportQuery, ImportReportSchema } from './schema';

export const IMPORT_PATH = '/api/v1/products/import';
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain)\s*(;|$)/i;

/** The body must be CSV (415 otherwise) and at most 2 MB (413). */
const csvBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!CSV_TYPES.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be text/csv');
  }
  return bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw new ApiError(
        'PAYLOAD_TOO_LARGE',
        `The file exceeds ${MAX_IMPORT_BYTES} bytes; split it into smaller files`,
      );
    },
  })(c, next);
});

/**
 * The CSV text: in the `charset` the content type names, else UTF-8, else Windows-1252 (what
 * Excel writes on Spanish Windows when it is not told to use UTF-8).
 */
function decode(bytes: ArrayBuffer, contentType: string): string {
  const charset = /;\s*charset="?([\w-]+)"?/i.exec(contentType)?.[1];
  try {
    if (charset) return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Unsupported charset ${charset}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const route = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  tags: ['products'],
  operationId: 'importProducts',
  summary: 'Create or update products and variants from a CSV file',
  description: `One row per variant; columns ${IMPORT_COLUMNS.join(', ')} (only sku is required; see docs/import.md). Delimiter \`,\` or \`;\` (detected), UTF-8 with or without BOM. Upsert by SKU; each valid row commits on its own and invalid rows are reported with their line. \`dryRun=true\` reports without writing. Malformed CSV or a bad header → 400 for the whole file; over 2 MB or ${MAX_IMPORT_ROWS} rows → 413.`,
  middleware: [requireAuth, requireWorkspace, requirePermission('products:import'), csvBody] as const,
  security: [{ bearerAuth: [] }],
  request: {
    query: ImportQuery,
    body: {
      required: true,
      content: {
        'text/csv': {
          schema: z.string().openapi({
            example: 'sku,name,price,talle,color,stock\nREM-M-NEG,Remera de algodón,"18.500,00",M,Negro,10',
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'What happened to each row', content: { 'application/json': { schema: ImportReportSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});

export type ImportProductsResponse = z.infer<typeof ImportReportSchema>;

export const registerImportProducts = (app: App) =>
  app.openapi(route, async (c) => {
    const { dryRun } = c.req.valid('query');
    const csv = decode(await c.req.arrayBuffer(), c.req.header('content-type') ?? '');
    const { workspaceId, userId } = c.var.tenant;
    const result = await importProducts(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, csv, dryRun: dryRun ?? false },
    );
    if (!result.ok) throw catalogError(result);
    return c.json(ImportReportSchema.parse(result.value), 200);
  });
