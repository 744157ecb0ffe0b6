import { fail, ok, type Result } from '../../core/result';
import { MAX_PRICE } from './schemas';

/** The amounts `parsePesos` accepts (after an optional leading `$` and spaces). */
const FORMATS = [
  /^(\d+)$/, // 12500
  /^(\d+),(\d{1,2})$/, // 12500,5 · 12500,50
  /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/, // 12.500 · 1.234.567,89
  /^(\d+)\.(\d{1,2})$/, // 12500.50 · 12.5 (one or two digits after the dot: a decimal point)
];

/**
 * A price written in pesos, as people and Argentine spreadsheets write it, converted to integer
 * centavos without floating point: `12500` → 1250000, `12500,50` → 1250050, `12.500,50` →
 * 1250050, `12.500` → 1250000 (a dot before exactly three digits groups thousands), `12500.50`
 * → 1250050. At most two decimals; no signs, exponents or other thousands separators.
 */
export function parsePesos(text: string): Result<number, 'INVALID_PRICE'> {
  const value = text.trim().replace(/^\$\s*/, '');
  for (const format of FORMATS) {
    const match = format.exec(value);
    if (!match) continue;
    const pesos = match[1]!.replaceAll('.', '').replace(/^0+(?=\d)/, '');
    const centavos = (match[2] ?? '').padEnd(2, '0');
    // 10^12 centavos has 11 digits of pesos: longer strings are too large before any arithmetic.
    const amount = pesos.length > 11 ? Infinity : Number(pesos) * 100 + Number(centavos);
    if (amount <= MAX_PRICE) return ok(amount);
    return fail('INVALID_PRICE', `Price ${text.trim()} is above the maximum of ${MAX_PRICE / 100} pesos`);
  }
  return fail(
    'INVALID_PRICE',
    `Invalid price "${text.trim()}": write pesos like 12500, 12500,50 or 12.500,50 (at most two decimals)`,
  );
}
