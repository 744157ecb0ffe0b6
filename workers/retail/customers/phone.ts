import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as we store and compare it: E.164 (`+5491155551234`), or `undefined` when
 * `raw` is not a valid number. National formats are read in `defaultCountry` (AR unless told).
 *
 * Argentine numbers are kept in their mobile form (`+54 9 …`), the one WhatsApp uses: local
 * writing drops the 9 ("11 5555-1234", "+54 11 5555 1234") or uses the old "15" prefix
 * ("011 15 5555-1234"), and all of those name the same WhatsApp contact as "5491155551234".
 */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'AR'): string | undefined {
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed) || trimmed.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed?.isValid()) return undefined;
  if (parsed.countryCallingCode === '54') {
    const national = String(parsed.nationalNumber);
    // 10 national digits without the 9 = area code + subscriber: the same line in mobile form.
    if (national.length === 10 && !national.startsWith('9')) return `+549${national}`;
  }
  return parsed.number;
}
