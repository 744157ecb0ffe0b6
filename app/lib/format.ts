/** Formatting for Argentine operators: es-AR, money from integer minor units, dates in the workspace's zone. */
const LOCALE = 'es-AR';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `formatMoney(1250000, 'ARS')` → "$ 12.500,00". Amounts are integer centavos. */
export function formatMoney(minor: number, currency = 'ARS'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(minor / 100);
}

/** Pesos as an operator types them ("12.500,50", "12500.5", "$ 12.500") → centavos, or null. */
export function parseMoney(input: string): number | null {
  let text = input.replace(/[\s$]/g, '');
  if (!text) return null;
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Centavos → the text an input shows ("12500,50"). */
export function moneyInput(minor: number | null | undefined): string {
  if (minor === null || minor === undefined) return '';
  const pesos = Math.floor(minor / 100);
  const cents = minor % 100;
  return cents ? `${pesos},${String(cents).padStart(2, '0')}` : String(pesos);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(LOCALE).format(value);
}

export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayKey(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
}

/** "lun 24" for a YYYY-MM-DD day key. */
export function shortDay(key: string): string {
  const [y, m, d] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALE, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

/**
 * The instant a calendar day starts in a time zone, as ISO (for `from`/`to` filters): finds the
 * zone's offset at that day and subtracts it.
 */
export function startOfDayIso(key: string, timeZone: string): string {
  const [y, m, d] = key.split('-').map(Number);
  const utcMidnight = Date.UTC(y!, m! - 1, d!);
  const offset = zoneOffsetMs(new Date(utcMidnight), timeZone);
  return new Date(utcMidnight - offset).toISOString();
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - at.getTime();
}

/** Adds `days` to a YYYY-MM-DD key. */
export function addDays(key: string, days: number): string {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

export function attributesLabel(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key.charAt(0).toUpperCase()}${key.slice(1)}: ${value}`)
    .join(' · ');
}

export const ORDER_STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Borrador',
  PENDING: 'Esperando confirmación',
  CONFIRMED: 'Confirmado',
  SHIPPED: 'Enviado',
  DELIVERED: 'Entregado',
  CANCELLED: 'Cancelado',
};

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  UNPAID: 'Sin pagar',
  PARTIAL: 'Pago parcial',
  PAID: 'Pagado',
  PENDING: 'A verificar',
  CONFIRMED: 'Confirmado',
  REJECTED: 'Rechazado',
};

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  CASH: 'Efectivo',
  TRANSFER: 'Transferencia',
  CARD: 'Tarjeta',
  MERCADOPAGO: 'Mercado Pago',
  OTHER: 'Otro',
};

export const PRODUCT_STATUS_LABELS: Record<string, string> = {
  ACTIVE: 'Activo',
  DRAFT: 'Borrador',
  ARCHIVED: 'Archivado',
};

export const MOVEMENT_REASON_LABELS: Record<string, string> = {
  INITIAL: 'Stock inicial',
  ADJUSTMENT: 'Ajuste',
  RESTOCK: 'Reposición',
  SALE: 'Venta',
  CANCELLATION: 'Cancelación',
  RETURN: 'Devolución',
  DAMAGE: 'Daño / pérdida',
  CORRECTION: 'Corrección de conteo',
  IMPORT: 'Importación',
};

export const ACTOR_LABELS: Record<string, string> = { user: 'Operador', agent: 'Agente IA', system: 'Sistema' };
