import { AUDIT_CATALOGUE, type AuditAction } from './catalogue';
import type { AuditRecord } from './query';

/** `,` for most tools; `;` for Excel set to es-AR, where `,` is the decimal separator. */
export type CsvSeparator = ',' | ';';

const BOM = '\uFEFF';

const HEADER = [
  'fecha',
  'actor_tipo',
  'actor_id',
  'actor_email',
  'accion',
  'descripcion',
  'entidad_tipo',
  'entidad_id',
  'ip',
  'user_agent',
  'request_id',
  'antes',
  'despues',
];

/**
 * One CSV cell, always quoted. A text that a spreadsheet would read as a formula (starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'` so it stays text (OWASP
 * "CSV injection").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(cells: unknown[], separator: CsvSeparator): string {
  return `${cells.map(csvCell).join(separator)}\r\n`;
}

function auditLine(row: AuditRecord, separator: CsvSeparator): string {
  const label = AUDIT_CATALOGUE[row.action as AuditAction]?.label ?? row.action;
  return csvLine(
    [
      row.createdAt,
      row.actorType,
      row.actorId,
      row.actorEmail,
      row.action,
      label,
      row.entityType,
      row.entityId,
      row.ip,
      row.userAgent,
      row.requestId,
      row.before,
      row.after,
    ],
    separator,
  );
}

/** The line that ends an export cut at `max` rows, so nobody mistakes it for the whole trail. */
export function truncatedNotice(max: number): string {
  return `Exportación cortada en ${max.toLocaleString('es-AR')} filas: acotá el rango de fechas o los filtros para exportar el resto.`;
}

/**
 * Streams the audit trail as CSV (UTF-8 with BOM, CRLF lines): a header, one line per row as the
 * batches arrive (never the whole file in memory), and — when `max` rows were written and
 * `hasMore` says the trail goes on — a last line explaining the cut.
 */
export function auditCsvStream(
  batches: AsyncIterator<AuditRecord[]>,
  options: { separator: CsvSeparator; max: number; hasMore: (lastId: string) => Promise<boolean>; onDone?: () => void },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let written = 0;
  let lastId: string | undefined;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    options.onDone?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + csvLine(HEADER, options.separator)));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (!next.done) {
          written += next.value.length;
          lastId = next.value.at(-1)?.id ?? lastId;
          controller.enqueue(encoder.encode(next.value.map((row) => auditLine(row, options.separator)).join('')));
          return;
        }
        if (written >= options.max && lastId && (await options.hasMore(lastId))) {
          controller.enqueue(encoder.encode(csvLine([truncatedNotice(options.max)], options.separator)));
        }
        controller.close();
        finish();
      } catch (error) {
        controller.error(error);
        finish();
      }
    },
    async cancel() {
      await batches.return?.(undefined);
      finish();
    },
  });
}
