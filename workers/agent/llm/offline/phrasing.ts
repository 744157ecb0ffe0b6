/**
 * Everything the offline agent says, in rioplatense Spanish (voseo) with Argentine money. Only
 * facts from tool results and the conversation snapshot go in: no product, price or stock is
 * invented. Questions open with the `QUESTION` phrases, which is how the next turn knows what
 * the customer is answering ("M" after "¿En qué talle…?").
 */
import { formatMoney } from '../../money';
import { describeAttributes, describeDelivery, describeLine } from '../../tools/summary';
import type { ShopFacts } from './shop';
import type { DeliverySlots } from './slots';
import { fold, joinSpanish } from './text';

/**
 * Openings of the agent's questions; the intent rules look for them (accents and case aside) in
 * the agent's last reply with `asked`.
 */
export const QUESTION = {
  talle: '¿En qué talle',
  color: '¿De qué color',
  product: '¿Cuál querés',
  quantity: '¿Cuántas unidades',
  alternative: '¿Te sirve alguna',
  addAvailable: /¿Querés que te agregue (\d+)\?/,
  delivery: '¿Cómo preferís recibirlo',
  recipient: '¿A nombre de quién',
  city: '¿En qué localidad',
  address: '¿Me pasás la dirección',
  amount: '¿Por qué monto',
} as const;

/** Whether the agent's last reply asked `question` (compared without accents or case). */
export function asked(lastAgentText: string | null, question: string | RegExp): boolean {
  if (!lastAgentText) return false;
  if (question instanceof RegExp) return question.test(lastAgentText);
  return fold(lastAgentText).includes(fold(question));
}

export interface Line {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  quantity: number;
  lineTotal: number;
}

export interface DraftText {
  number?: number;
  currency: string;
  items: Line[];
  total: number;
  delivery?: Parameters<typeof describeDelivery>[0];
  deliveryComplete: boolean;
}

export interface ProductOption {
  name: string;
  price: number;
  currency: string;
  variants: Array<{ sku: string; attributes: Record<string, string>; price: number; available: number }>;
}

const bullet = (lines: string[]) => lines.map((l) => `• ${l}`).join('\n');

/** "Remera básica de algodón (Negro, talle M)". */
export const itemName = (name: string, attributes: Record<string, string>) => {
  const described = describeAttributes(attributes);
  return described ? `${name} (${described})` : name;
};

/** The values of one attribute over the variants, in first-seen order: ["S", "M", "L"]. */
export const valuesOf = (variants: ProductOption['variants'], key: string) => [
  ...new Set(variants.map((v) => v.attributes[key]).filter((v): v is string => Boolean(v))),
];

function productLine(p: ProductOption): string {
  const prices = new Set(p.variants.map((v) => v.price));
  const price = `${prices.size > 1 ? 'desde ' : ''}${formatMoney(p.price, p.currency)}`;
  const details = [valuesOf(p.variants, 'talle'), valuesOf(p.variants, 'color')]
    .filter((values) => values.length)
    .map((values) => values.join(', '));
  return `${p.name} — ${price}${details.length ? ` (${details.join(' · ')})` : ''}`;
}

export function greeting(name: string | null, store: string, returning: boolean): string {
  const first = name?.split(/\s+/)[0];
  if (returning) return `¡Hola de nuevo${first ? `, ${first}` : ''}! 👋 ¿En qué te ayudo hoy?`;
  return `¡Hola${first ? `, ${first}` : ''}! 👋 Bienvenido/a a ${store}. ¿Qué estás buscando? Te puedo mandar el catálogo o buscarte algo en particular.`;
}

export const greetingPrefix = (name: string | null) => `¡Hola${name ? `, ${name.split(/\s+/)[0]}` : ''}! `;

export function notUnderstood(awaitingConfirmation: boolean): string {
  if (awaitingConfirmation) {
    return 'Perdón, no te entendí 🙈. ¿Confirmás el pedido? Respondé «sí, confirmo» para cerrarlo, o decime qué querés cambiar.';
  }
  return 'Perdón, no te entendí 🙈. ¿Me lo decís de otra forma? Por ejemplo: «quiero 2 remeras negras talle M», «mostrame el catálogo» o «quiero hablar con una persona».';
}

export const thanks = () => '¡De nada! Cualquier cosa, escribime por acá 😊';
export const affirm = () => '¡Genial! Contame qué más querés sumar, o si pasamos a la entrega.';
export const negateIdle = () => 'Dale. Si necesitás algo, escribime por acá 😊';
export const handoff = () => 'Dale, te paso con una persona del equipo. En un ratito te responden por acá 🙌';
export const toolTrouble = () =>
  'Uy, tuve un problema para hacer eso 😕. ¿Me lo pedís de nuevo? Si sigue fallando, te paso con una persona del equipo.';

export function catalogSent(count: number): string {
  if (count === 0) return 'Uy, en este momento no tengo productos disponibles para mostrarte 😕.';
  return 'Ahí te mandé el catálogo 👆. Contame qué te gusta, en qué talle y color, y cuántas unidades querés.';
}

export function browseResult(query: string, products: ProductOption[]): string {
  if (products.length === 0) return notFound(query);
  return `Tengo estas opciones:\n${bullet(products.map(productLine))}\n\n¿Cuál te gusta? Decime talle, color y cuántas querés.`;
}

export const notFound = (query: string) =>
  `No encontré «${query}» disponible en este momento 😕. ¿Querés que te mande el catálogo para ver qué hay?`;

export const askWhichProduct = () => '¿Qué producto querés? Decime cuál (por ejemplo, «remera básica») y lo busco.';

export function askProduct(products: ProductOption[]): string {
  return `Tengo varias opciones:\n${bullet(products.map(productLine))}\n\n${QUESTION.product}?`;
}

export function askAttribute(key: 'talle' | 'color' | string, product: ProductOption, options: string[]): string {
  const list = joinSpanish(options, 'o');
  if (key === 'talle') return `${QUESTION.talle} querés ${product.name}? Tengo ${list}.`;
  if (key === 'color') return `${QUESTION.color} querés ${product.name}? Tengo ${list}.`;
  return `¿Qué ${key} querés de ${product.name}? Tengo ${list}.`;
}

/** What is left of the product when the variant asked for is not available. */
export function notAvailable(
  product: ProductOption,
  asked: { talle: string | null; color: string | null },
  alternatives: ProductOption['variants'],
): string {
  const wanted = [asked.color, asked.talle ? `talle ${asked.talle}` : null].filter(Boolean).join(', ');
  const head = `No me queda ${product.name}${wanted ? ` en ${wanted}` : ''} 😕.`;
  if (alternatives.length === 0) return `${head} ¿Querés ver otro producto?`;
  const offers = alternatives.slice(0, 6).map((v) => describeAttributes(v.attributes) || v.sku);
  return `${head} Te puedo ofrecer: ${joinSpanish(offers, 'o')}. ${QUESTION.alternative}?`;
}

export function shortStock(line: string, available: number): string {
  if (available <= 0) return `No me quedan unidades de ${line} 😕.`;
  return `De ${line} solo me quedan ${available}. ¿Querés que te agregue ${available}?`;
}

export function draftLines(draft: DraftText): string {
  return `${bullet(draft.items.map((i) => describeLine(i, draft.currency)))}\n*Total: ${formatMoney(draft.total, draft.currency)}*`;
}

/** After items changed: what changed, the order so far and what comes next. */
export function afterItems(changes: string[], problems: string[], draft: DraftText | null): string {
  const parts: string[] = [];
  if (changes.length) parts.push(changes.join('\n'));
  if (draft && draft.items.length && changes.length) parts.push(`Tu pedido por ahora:\n${draftLines(draft)}`);
  if (problems.length) parts.push(problems.join('\n'));
  else if (draft && draft.items.length === 0) parts.push('Tu pedido quedó vacío. ¿Querés ver algo más?');
  else if (draft?.deliveryComplete) parts.push('¿Querés sumar algo más o te paso el resumen para confirmar?');
  else if (draft)
    parts.push('¿Querés sumar algo más? Si ya está, ¿cómo preferís recibirlo: envío a domicilio o retiro en el local?');
  return parts.join('\n\n');
}

export const added = (line: Line, currency: string) => `✅ Te agregué ${describeLine(line, currency)}.`;
export const removed = (name: string) => `🗑️ Saqué ${name} del pedido.`;
export const changed = (from: string, to: string) => `🔄 Cambié ${from} por ${to}.`;
export const quantitySet = (line: Line, currency: string) => `🔄 Ahora tenés ${describeLine(line, currency)}.`;

export function lineNotFound(words: string, draft: DraftText | null): string {
  if (!draft || draft.items.length === 0) return 'Todavía no tenés productos en el pedido. ¿Qué te gustaría llevar?';
  return `No encuentro ${words ? `«${words}»` : 'ese producto'} en tu pedido. Por ahora tenés:\n${draftLines(draft)}\n\n¿Cuál querés cambiar?`;
}

export const alreadyThatWay = (name: string) => `Ya tenés ${name} en el pedido 👍. ¿Querés cambiar algo más?`;

export function askDelivery(missing: 'method' | 'address' | 'city' | 'recipient'): string {
  switch (missing) {
    case 'method':
      return `${QUESTION.delivery}? Puede ser envío a domicilio (pasame calle, número, localidad y a nombre de quién) o retiro en el local.`;
    case 'address':
      return `${QUESTION.address}? Calle, número y localidad (y piso/depto si hace falta).`;
    case 'city':
      return `${QUESTION.city} o barrio es la dirección?`;
    case 'recipient':
      return `${QUESTION.recipient} va el pedido?`;
  }
}

export const locationWithoutAddress = () =>
  `Recibí tu ubicación 📍, ¡gracias! ${QUESTION.address} escrita? Calle, número y localidad, así no hay errores con el envío.`;

export const noItemsYet = () => 'Todavía no agregaste productos al pedido. ¿Qué te gustaría llevar?';

export function deliverySaved(delivery: Parameters<typeof describeDelivery>[0]): string {
  const described = describeDelivery(delivery);
  return `Anotado 📝${described ? `: ${described}` : ''}.`;
}

export const confirmationAsked = () =>
  'Revisá el resumen 👆 y respondé «sí, confirmo» para cerrar el pedido, o decime qué querés cambiar.';

export function confirmed(number: number, total: number, currency: string): string {
  return `¡Listo! Tu pedido #${number} quedó confirmado 🎉. Total: ${formatMoney(total, currency)}. Cuando hagas el pago, mandame el comprobante por acá y lo registramos.`;
}

export const confirmFailed = () =>
  'Uy, perdón: justo se agotó uno de los productos de tu pedido y no lo pude confirmar 😕. ¿Lo cambiamos por otra opción?';
export const confirmOutdated = () => 'El pedido cambió después del resumen. Te lo paso de nuevo para que lo confirmes.';

export const declined = () =>
  'Dale, sin problema. ¿Qué querés cambiar? Podés sumar o sacar productos, cambiar talle o color, o la forma de entrega.';

const METHOD_NAMES: Readonly<Record<string, string>> = {
  TRANSFER: 'transferencia',
  CASH: 'efectivo',
  CARD: 'tarjeta',
  MERCADOPAGO: 'Mercado Pago',
  OTHER: 'otro medio',
};

export function paymentRegistered(
  amount: number,
  currency: string,
  method: string,
  orderNumber: number | null,
): string {
  return `¡Gracias! Registré tu pago de ${formatMoney(amount, currency)} por ${METHOD_NAMES[method] ?? method}${
    orderNumber ? ` para el pedido #${orderNumber}` : ''
  }. Queda pendiente hasta que lo verifiquemos; si tenés el comprobante, mandámelo por acá 🙌`;
}

export const askAmount = () => `${QUESTION.amount} fue el pago?`;
export const noConfirmedOrder = () =>
  'Todavía no tenés un pedido confirmado para registrar el pago. ¿Querés que armemos uno?';

export function receiptAttached(orderNumber: number | null): string {
  return `¡Recibí el comprobante, gracias! Lo sumé a tu pedido${orderNumber ? ` #${orderNumber}` : ''} y lo vamos a verificar 🙌`;
}

export const receiptWithoutOrder = () =>
  'Gracias por la imagen. Todavía no tengo un pedido tuyo para asociarla: ¿me contás de qué es?';

export const receiptRefused = () => 'No pude leer ese archivo 😕. ¿Me lo mandás como foto (JPG o PNG) o PDF?';

export const unsupportedMedia = () =>
  'Perdón, no puedo escuchar audios ni ver videos 🙈. ¿Me lo escribís? Si preferís, te paso con una persona del equipo.';

/** Where the order stands, after answering a question in the middle of it. */
export const orderKept = (draft: DraftText) =>
  `Tu pedido sigue guardado 👍 (total ${formatMoney(draft.total, draft.currency)}). ¿Seguimos?`;

export const stillAwaiting = (draft: DraftText) =>
  `Tu pedido sigue esperando tu confirmación (total ${formatMoney(draft.total, draft.currency)}): respondé «sí, confirmo» para cerrarlo, o decime qué querés cambiar.`;

/** The shop's own words for hours, payment methods or shipping; a person answers what is not set. */
export function shopInfo(topic: 'hours' | 'payment_methods' | 'shipping', shop: ShopFacts): string {
  switch (topic) {
    case 'hours':
      return shop.hours
        ? `Nuestro horario de atención: ${shop.hours}. Por acá te respondo cuando quieras 🙂`
        : 'No tengo cargado el horario del local 😕. Si querés, te paso con una persona del equipo que te lo confirma.';
    case 'payment_methods':
      return shop.paymentMethods.length
        ? `Podés pagar con ${joinSpanish(
            shop.paymentMethods.map((m) => m.charAt(0).toLowerCase() + m.slice(1)),
            'o',
          )}.`
        : 'No tengo cargados los medios de pago 😕. Si querés, te paso con una persona del equipo que te los confirma.';
    case 'shipping':
      return shop.shipping
        ? `Sobre el envío: ${shop.shipping}`
        : 'No tengo cargado el costo de envío 😕. Si querés, te paso con una persona del equipo que te lo confirma.';
  }
}

export const holding = () =>
  'Dale, tranqui: el pedido queda guardado sin confirmar. Cuando quieras, respondé «sí, confirmo» para cerrarlo o decime qué cambiamos 🙂';

export const unsure = () =>
  'Todavía no confirmé nada 🙂. Si está todo bien, respondé «sí, confirmo»; si querés cambiar algo, decime qué.';

/** Delivery details given before any product: noted for when the order has items. */
export function deliveryBeforeItems(delivery: DeliverySlots): string {
  const where = delivery.address
    ? `envío a ${[[delivery.address.street, delivery.address.number].filter(Boolean).join(' '), delivery.address.city].filter(Boolean).join(', ')}`
    : delivery.method === 'PICKUP'
      ? 'retiro en el local'
      : null;
  const parts = [where, delivery.recipientName ? `a nombre de ${delivery.recipientName}` : null].filter(Boolean);
  return `Anotado 📝${parts.length ? `: ${parts.join(', ')}` : ''}. ¿Qué te gustaría llevar? Te puedo mandar el catálogo o buscarte algo en particular.`;
}
