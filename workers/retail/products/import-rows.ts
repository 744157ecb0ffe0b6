import type { ProductStatus } from '../../../db/schema';
import { fail, ok, type Result } from '../../core/result';
import { textDefect } from '../../core/text';
import type { CsvRecord } from './csv';
import { parsePesos } from './pesos';
import { MAX_QUANTITY, Sku } from './schemas';

/** The columns of a catalogue CSV (docs/import.md). Only `sku` is required. */
export const IMPORT_COLUMNS = [
  'product_key',
  'sku',
  'name',
  'description',
  'category',
  'tags',
  'status',
  'price',
  'currency',
  'talle',
  'color',
  'stock',
  'low_stock_threshold',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The most data rows one import takes; larger catalogues are split into several files. */
export const MAX_IMPORT_ROWS = 5000;

/** One data row, validated on its own (before any database look-up). */
export interface ImportRow {
  line: number;
  /** Normalised when valid, as written otherwise (for the report). */
  sku: string;
  /** Rows with the same key become one product: `product_key` if given, else the name. */
  groupKey: string | undefined;
  name?: string;
  description?: string;
  category?: string;
  tags?: string[];
  status?: ProductStatus;
  /** Centavos. */
  price?: number;
  currency?: string;
  attributes: Record<string, string>;
  stock?: number;
  lowStockThreshold?: number;
  errors: string[];
}

const STATUS_WORDS: Record<string, ProductStatus> = {
  active: 'ACTIVE',
  activo: 'ACTIVE',
  draft: 'DRAFT',
  borrador: 'DRAFT',
  archived: 'ARCHIVED',
  archivado: 'ARCHIVED',
};

const headerName = (cell: string) =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Maps the header row to column positions; unknown, repeated or missing required columns fail. */
export function readHeader(header: CsvRecord): Result<Map<ImportColumn, number>, 'INVALID_HEADER'> {
  const columns = new Map<ImportColumn, number>();
  const unknown: string[] = [];
  for (const [index, cell] of header.fields.entries()) {
    const name = headerName(cell);
    if (name === '') continue;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) unknown.push(cell.trim());
    else if (columns.has(name as ImportColumn))
      return fail('INVALID_HEADER', `Column ${name} appears twice in the header`);
    else columns.set(name as ImportColumn, index);
  }
  if (unknown.length > 0) {
    return fail(
      'INVALID_HEADER',
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${IMPORT_COLUMNS.join(', ')}`,
    );
  }
  if (!columns.has('sku')) return fail('INVALID_HEADER', 'The header must name a sku column');
  return ok(columns);
}

function quantity(text: string, column: string, errors: string[]): number | undefined {
  if (!/^\d+$/.test(text) || Number(text) > MAX_QUANTITY) {
    errors.push(`${column} must be a whole number between 0 and ${MAX_QUANTITY}, got "${text}"`);
    return undefined;
  }
  return Number(text);
}

function limited(text: string, column: string, max: number, errors: string[]): string | undefined {
  if (text.length > max) errors.push(`${column} is longer than ${max} characters`);
  return text;
}

/** Validates one record against the header; problems go to `errors`, never thrown. */
export function readRow(record: CsvRecord, columns: Map<ImportColumn, number>, width: number): ImportRow {
  const errors: string[] = [];
  if (record.fields.length !== width) {
    errors.push(`Expected ${width} fields like the header, found ${record.fields.length}`);
  }
  for (const [column, index] of columns) {
    const defect = textDefect(record.fields[index] ?? '');
    if (defect) errors.push(`${column} ${defect}`);
  }
  const cell = (column: ImportColumn) => {
    const index = columns.get(column);
    const value = index === undefined ? undefined : record.fields[index]?.trim();
    return value ? value : undefined;
  };

  const rawSku = cell('sku') ?? '';
  const sku = Sku.safeParse(rawSku);
  if (!sku.success) errors.push(rawSku ? `sku: ${sku.error.issues[0]!.message}` : 'sku is required');

  const row: ImportRow = {
    line: record.line,
    sku: sku.success ? sku.data : rawSku,
    groupKey: undefined,
    attributes: {},
    errors,
  };
  const name = cell('name');
  if (name !== undefined) row.name = limited(name.replace(/\s+/g, ' '), 'name', 200, errors);
  const key = cell('product_key') ?? name;
  row.groupKey = key?.replace(/\s+/g, ' ').toLowerCase();

  const description = cell('description');
  if (description !== undefined) row.description = limited(description, 'description', 5000, errors);
  const category = cell('category');
  if (category !== undefined) row.category = limited(category, 'category', 100, errors);
  const tags = cell('tags');
  if (tags !== undefined) {
    row.tags = [
      ...new Set(
        tags
          .split(/[|,]/)
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    if (row.tags.length > 30 || row.tags.some((t) => t.length > 50))
      errors.push('tags: at most 30, each at most 50 characters');
  }
  const status = cell('status');
  if (status !== undefined) {
    row.status = STATUS_WORDS[status.toLowerCase()];
    if (!row.status)
      errors.push(`status must be ACTIVE, DRAFT or ARCHIVED (or activo, borrador, archivado), got "${status}"`);
  }
  const price = cell('price');
  if (price !== undefined) {
    const parsed = parsePesos(price);
    if (parsed.ok) row.price = parsed.value;
    else errors.push(parsed.message!);
  }
  const currency = cell('currency');
  if (currency !== undefined) {
    if (/^[A-Za-z]{3}$/.test(currency)) row.currency = currency.toUpperCase();
    else errors.push(`currency must be an ISO 4217 code such as ARS, got "${currency}"`);
  }
  for (const attribute of ['talle', 'color'] as const) {
    const value = cell(attribute);
    if (value !== undefined) row.attributes[attribute] = limited(value, attribute, 100, errors)!;
  }
  const stock = cell('stock');
  if (stock !== undefined) row.stock = quantity(stock, 'stock', errors);
  const threshold = cell('low_stock_threshold');
  if (threshold !== undefined) row.lowStockThreshold = quantity(threshold, 'low_stock_threshold', errors);
  return row;
}

/** Reads every data record; a SKU given twice is an error on its later rows. */
export function readRows(records: CsvRecord[], columns: Map<ImportColumn, number>, width: number): ImportRow[] {
  const firstLine = new Map<string, number>();
  return records.map((record) => {
    const row = readRow(record, columns, width);
    if (row.sku && row.errors.every((e) => !e.startsWith('sku'))) {
      const seen = firstLine.get(row.sku);
      if (seen !== undefined) row.errors.push(`SKU ${row.sku} already appears at line ${seen}`);
      else firstLine.set(row.sku, row.line);
    }
    return row;
  });
}
