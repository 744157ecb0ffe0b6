import { createRoute, z } from '@hono/zod-openapi';
import { auditCsvStream } from '../../../core/audit/csv';
import { auditBatches, hasAuditBefore } from '../../../core/audit/query';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ExportAuditQuery } from './schema';

/** An export stops here; the file's last line says so. Narrow the dates to get the rest. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const route = createRoute({
  method: 'get',
  path: '/api/v1/audit/export',
  tags: ['audit'],
  operationId: 'exportAudit',
  summary: 'Download the audit trail as CSV',
  description:
    `The same filters as the list, newest first, streamed as UTF-8 CSV with a BOM. At most ${AUDIT_EXPORT_MAX_ROWS} ` +
    'rows: a longer trail ends with a line saying the export was cut. Cells that a spreadsheet would run as a ' +
    "formula are prefixed with `'`.",
  middleware: [requireAuth, requireWorkspace, requirePermission('audit:export')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ExportAuditQuery },
  responses: {
    200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const registerExportAudit = (app: App) =>
  app.openapi(route, async (c) => {
    const { separator, ...filters } = c.req.valid('query');
    const workspaceId = c.var.tenant.workspaceId;
    // The stream reads after this handler returns: the request's database handle is kept open
    // (an after-response job) until the stream ends or the client goes away.
    let done!: () => void;
    const streamed = new Promise<void>((resolve) => (done = resolve));
    c.var.afterResponse(() => streamed);
    const batches = auditBatches({ db: c.var.db }, { workspaceId, ...filters, max: AUDIT_EXPORT_MAX_ROWS });
    const body = auditCsvStream(batches, {
      separator: separator === 'semicolon' ? ';' : ',',
      max: AUDIT_EXPORT_MAX_ROWS,
      hasMore: (beforeId) => hasAuditBefore({ db: c.var.db }, { workspaceId, ...filters, beforeId }),
      onDone: done,
    });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="auditoria-${day}.csv"`,
      'cache-control': 'no-store',
      'x-export-row-limit': String(AUDIT_EXPORT_MAX_ROWS),
    });
  });
