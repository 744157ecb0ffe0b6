/**
 * The shop's facts the offline agent may quote (business hours, payment methods, delivery cost),
 * read back from the system prompt's sections exactly as the workspace settings wrote them
 * (prompts/system.ts), the same text Claude reads. A fact the shop did not set stays null.
 */
import { SHOP_SECTIONS } from '../../prompts/system';

export interface ShopFacts {
  hours: string | null;
  paymentMethods: string[];
  shipping: string | null;
}

/** The text of the section that starts with `heading`, up to the next blank line. */
function section(system: string, heading: string): string | null {
  const at = system.indexOf(`${heading}\n`);
  if (at < 0) return null;
  const body = system
    .slice(at + heading.length + 1)
    .split('\n\n')[0]!
    .trim();
  return body || null;
}

const bullets = (text: string | null) =>
  (text ?? '')
    .split('\n')
    .map((line) => line.replace(/^-\s*/, '').trim())
    .filter(Boolean);

export function shopFacts(system: string): ShopFacts {
  const hours = section(system, SHOP_SECTIONS.hours);
  return {
    hours: hours ? bullets(hours).join('; ') : null,
    paymentMethods: bullets(section(system, SHOP_SECTIONS.paymentMethods)),
    shipping: section(system, SHOP_SECTIONS.shipping),
  };
}
