/**
 * Amounts as the customer reads them on WhatsApp: Argentine style, `$ 12.500` for whole pesos
 * and `$ 12.500,50` with centavos. Written by hand rather than with `Intl.NumberFormat` so the
 * output is identical in every runtime (ICU data differs, and es-AR inserts a no-break space).
 */

/** ISO 4217 codes written with a symbol; any other currency is written with its code. */
const SYMBOLS: Readonly<Record<string, string>> = { ARS: '$' };

/** `formatMoney(1250000, 'ARS')` → `"$ 12.500"`; `formatMoney(1250050, 'ARS')` → `"$ 12.500,50"`. */
export function formatMoney(amountInCentavos: number, currency = 'ARS'): string {
  const sign = amountInCentavos < 0 ? '-' : '';
  const abs = Math.abs(Math.round(amountInCentavos));
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = abs % 100;
  const number = cents === 0 ? units : `${units},${cents.toString().padStart(2, '0')}`;
  return `${sign}${SYMBOLS[currency] ?? currency} ${number}`;
}
