/**
 * The order as the customer reads it on WhatsApp, in rioplatense Spanish with Argentine money:
 * the summary `request_confirmation` sends with its buttons, and the lines the offline agent
 * repeats back. Only what the draft says: nothing is invented.
 */
import type { DeliveryDetails } from '../../../db/schema';
import { formatMoney } from '../money';
import type { DraftView } from './draft';

/** "Negro, M" from `{ color: 'Negro', talle: 'M' }`: colour first, then talle, then the rest. */
export function describeAttributes(attributes: Record<string, string>): string {
  const order = (key: string) => (key === 'color' ? 0 : key === 'talle' ? 1 : 2);
  return Object.entries(attributes)
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([key, value]) => (key === 'talle' ? `talle ${value}` : value))
    .join(', ');
}

/** "2 × Remera básica de algodón (Negro, talle M) — $ 45.800". */
export function describeLine(
  line: Pick<DraftView['items'][number], 'name' | 'attributes' | 'quantity' | 'lineTotal'>,
  currency: string,
): string {
  const attributes = describeAttributes(line.attributes);
  return `${line.quantity} × ${line.name}${attributes ? ` (${attributes})` : ''} — ${formatMoney(line.lineTotal, currency)}`;
}

/** "Envío a Av. Corrientes 1234, CABA — recibe Juan Pérez" / "Retiro en el local — a nombre de Juan Pérez". */
export function describeDelivery(delivery: DeliveryDetails | null): string | null {
  if (!delivery) return null;
  const who = delivery.recipientName ? ` — a nombre de ${delivery.recipientName}` : '';
  const when = delivery.schedule ? ` (${delivery.schedule})` : '';
  if (delivery.method === 'PICKUP') return `Retiro en el local${who}${when}`;
  const a = delivery.address;
  if (!a) return `Envío${who}`;
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const place = [street + (a.apartment ? ` ${a.apartment}` : ''), a.city, a.province].filter(Boolean).join(', ');
  return `Envío a ${place}${who}${when}`;
}

/** Every line, the totals and the delivery, one per line. */
export function orderSummaryLines(view: DraftView): string[] {
  const lines = view.items.map((item) => `• ${describeLine(item, view.currency)}`);
  if (view.shipping > 0 || view.discount > 0) lines.push(`Subtotal: ${formatMoney(view.subtotal, view.currency)}`);
  if (view.shipping > 0) lines.push(`Envío: ${formatMoney(view.shipping, view.currency)}`);
  if (view.discount > 0) lines.push(`Descuento: -${formatMoney(view.discount, view.currency)}`);
  lines.push(`*Total: ${formatMoney(view.total, view.currency)}*`);
  const delivery = describeDelivery(view.delivery);
  if (delivery) lines.push(delivery);
  return lines;
}
