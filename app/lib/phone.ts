import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored phone (E.164, `+5491166259127`) as people write it: `+54 9 11 6625-9127`. Argentine
 * numbers (the shop's default) read in the international format with the area code apart;
 * anything unparseable is shown as stored. Its own module so /login never loads the metadata.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const parsed = parsePhoneNumberFromString(phone, 'AR');
  if (!parsed?.isValid()) return phone;
  const international = parsed.formatInternational();
  // libphonenumber spaces the AR subscriber number ("6625 9127"); people write "6625-9127".
  return parsed.country === 'AR' ? international.replace(/ (\d+)$/, '-$1') : international;
}
