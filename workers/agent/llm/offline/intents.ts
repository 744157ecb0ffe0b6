/**
 * What the customer wants, decided by rules in a fixed order: media and explicit requests first
 * (receipt, location, a person, yes/no to the summary, payment, remove, change, delivery), then
 * answers to the agent's own last question, then catalogue, items and browsing, then small talk.
 * Deterministic: the same message, state and last question give the same intent.
 */
import type { SessionState } from '../../fsm';
import { isExplicitNo, isExplicitYes } from '../../confirmation';
import { asked as didAsk, QUESTION } from './phrasing';
import {
  extractDelivery,
  extractItem,
  extractPayment,
  mentionsPayment,
  splitItems,
  withoutCoordinates,
  type DeliverySlots,
  type ItemSlots,
  type PaymentSlots,
} from './slots';
import { asksForPerson } from '../../handoff-request';
import { fold, stemsOf } from './text';
import type { CustomerMessage, TurnView } from './turn';

export type Intent =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'handoff' }
  | { kind: 'catalog'; query: string | null }
  /** `cue`: the message reads as a question about products ("¿tenés…?", "precio"), not just a word. */
  | { kind: 'browse'; item: ItemSlots; cue: boolean }
  | { kind: 'add'; items: ItemSlots[] }
  /** Wants something but did not say what ("quiero 2 negras"). */
  | { kind: 'which_product'; item: ItemSlots }
  | { kind: 'change'; item: ItemSlots }
  | { kind: 'remove'; item: ItemSlots }
  | { kind: 'delivery'; delivery: DeliverySlots; location: boolean }
  | { kind: 'finish' }
  | { kind: 'confirm' }
  | { kind: 'decline' }
  | { kind: 'payment'; payment: PaymentSlots }
  | { kind: 'receipt'; payment: PaymentSlots | null; messageId: string | null }
  /** Audio, video or a sticker: nothing the agent can see or hear. */
  | { kind: 'unsupported_media' }
  /** A question about the shop, asked at any point: answered without touching the order. */
  | { kind: 'info'; topic: 'hours' | 'payment_methods' | 'shipping' }
  /** "después te digo", "dejame pensarlo": the summary waits, nothing is confirmed. */
  | { kind: 'hold' }
  /** "capaz", "puede ser", "mmm": neither yes nor no to the summary. */
  | { kind: 'unsure' }
  /** A correction of the quantity without naming the product ("uh no, poneme 4"). */
  | { kind: 'quantity'; quantity: number }
  /** Swap a line of the order for another product ("en vez de esa, la otra"). */
  | { kind: 'swap'; item: ItemSlots }
  | { kind: 'affirm' }
  | { kind: 'negate' }
  | { kind: 'unknown' };

export interface Classified {
  intent: Intent;
  /** The message opened with a greeting ("hola, quiero…"): the reply greets back. */
  greeted: boolean;
}

const GREETING = /^(?:buenas tardes|buenas noches|buenos dias|buen dia|buenas|hola+s?|holis|que tal|hey|ey)\b[\s,!.]*/;
const THANKS = /^(?:(?:muchas|mil) )?gracias\b|^(?:genial|buenisimo|joya|perfecto|barbaro),? (?:muchas )?gracias\b/;
const REMOVE =
  /\b(?:saca|sacame|sacalo|sacala|sacalos|sacalas|sacar|quita|quitame|quitalo|quitala|quitar|elimina|eliminame|eliminalo|eliminar|borra|borrame|borralo|borrar|no quiero (?:mas )?(?:el|la|los|las))\b/;
const CHANGE =
  /\b(?:cambia|cambiame|cambialo|cambiala|cambialos|cambiar|en vez de|en lugar de|que sea|que sean|mejor en|mejor la|mejor el|mejor que sea|prefiero en)\b/;
const CATALOG =
  /\b(?:catalogo|catalogos|que productos|todos los productos|mostrame todo|mostrame lo que (?:tenes|tienen)|que cosas (?:tenes|tienen))\b|^\W*que (?:tenes|tienen|venden|vendes|hay)\W*$/;
const ADD_VERB =
  /\b(?:quiero|quisiera|queria|dame|me das|me llevo|llevo|agrega|agregame|agregale|suma|sumame|sumale|pone|poneme|ponele|mandame|comprar|compro|necesito|tambien|encargar)\b/;
const BROWSE =
  /\b(?:tenes|tienen|tenis|hay|venden|vendes|precio|precios|cuanto (?:sale|salen|cuesta|cuestan|esta|estan)|mostrame|muestrame|busco|buscando|ver|opciones|modelos|talles|colores)\b|\?/;
const FINISH =
  /\b(?:eso es todo|es todo|nada mas|nada más|ya esta|listo|cerrar (?:el )?pedido|cerramos|cerralo|confirmar (?:el )?pedido|quiero confirmar|finalizar|terminar|como sigo|como seguimos|pasame el resumen|el resumen)\b/;
const AFFIRM = /^(?:si|sii+|dale|ok|okey|bueno|claro|de una|perfecto|listo)\b/;
const NEGATE = /^(?:no|nop|nope|nah|no gracias|nada)\b/;

const INFO_HOURS = /\b(?:horario|horarios|a que hora|hasta que hora|que dias|estan abiertos|abren|cierran|atienden)\b/;
const INFO_PAYMENT =
  /\b(?:como (?:te |les |se )?(?:pago|puedo pagar|se paga|abono)|medios? de pago|formas? de pago|(?:aceptan|tomas|toman|puedo pagar con|se puede pagar con|pago con|trabajan con)\s+(?:mercado ?pago|tarjeta|efectivo|transferencia|debito|credito|cuotas)|hay cuotas|en cuotas)\b/;
const INFO_SHIPPING =
  /\b(?:(?:cuanto|que precio|que costo|costo|precio|sale|cobran|cuesta|valor)\b.{0,20}\b(?:envio|envios|mandarlo|el envio|delivery)|(?:envio|envios) (?:gratis|sale|cuesta|cuanto)|hacen envios|envian a|mandan a|llegan a)\b/;
const HOLD =
  /\b(?:despues te (?:digo|confirmo|aviso|escribo)|te (?:confirmo|aviso|digo) (?:despues|mas tarde|manana|luego)|dejame (?:pensarlo|pensar|ver|chequear|consultarlo)|lo (?:pienso|consulto)|mas tarde|ahora no|bancame|aguantame un (?:toque|cachito|segundo))\b/;
const UNSURE = /^(?:capaz|puede ser|no se|nose|mmm+|m+|tal vez|quizas|quiza|ni idea|ehh*|hmm+)\b/;
/** "uh no, poneme 4", "no, mejor 3", "que sean 4", "mejor dos": a number with no product. */
const QUANTITY_FIX =
  /^(?:(?:uh|uy|ah|eh|ay|ups|upa|perdon)\b[\s,!.]*)?(?:no\b[\s,!.]*)?(?:mejor\s+|poneme\s+|pone\s+|ponele\s+|que sean?\s+|son\s+|eran\s+|dame\s+|serian\s+)+(?:\d{1,2}|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b(?:\s+(?:mejor|nomas|en total|unidades|entonces))?[\s.!]*$/;
const SWAP = /\b(?:en vez de|en lugar de|mejor)\b/;

const hasDeliveryInfo = (d: DeliverySlots) =>
  d.method !== undefined || d.address !== undefined || d.recipientName !== undefined;

/**
 * The most recent earlier message that asked for a product (for answers to "¿en qué talle?");
 * of a message naming several, the one the agent's question is about.
 */
function previousItem(history: CustomerMessage[], question: string | null = null): ItemSlots | null {
  // The question itself, not the lines added before it in the same reply.
  const from = Math.max(
    0,
    ...['Tengo varias opciones', QUESTION.talle, QUESTION.color, 'No me queda'].map((q) =>
      (question ?? '').lastIndexOf(q),
    ),
  );
  const asked = new Set(stemsOf((question ?? '').slice(from)));
  for (const message of history.slice(0, 3)) {
    const items = splitItems(message.text)
      .map(extractItem)
      .filter((i) => i.productWords.length);
    if (items.length === 0) continue;
    const overlap = (i: ItemSlots) => i.productWords.flatMap(stemsOf).filter((w) => asked.has(w)).length;
    return items.reduce((best, i) => (overlap(i) > overlap(best) ? i : best), items[0]!);
  }
  return null;
}

/** Slots of the answer over those of the request it answers. */
const merge = (base: ItemSlots, answer: ItemSlots): ItemSlots => ({
  quantity: answer.quantity ?? base.quantity,
  talle: answer.talle ?? base.talle,
  color: answer.color ?? base.color,
  ...(base.notColor && !answer.color ? { notColor: base.notColor } : {}),
  productWords: [...base.productWords, ...answer.productWords.filter((w) => !base.productWords.includes(w))],
});

/** Delivery details the customer gave over the last few messages, the newest winning. */
function deliveryFromHistory(history: CustomerMessage[]): DeliverySlots {
  const merged: DeliverySlots = {};
  for (const message of [...history.slice(0, 3)].reverse()) {
    const d =
      message.media === 'location'
        ? extractDelivery(withoutCoordinates(message.text), { assumeAddress: true })
        : extractDelivery(message.text);
    Object.assign(merged, d, d.address ? { address: { ...merged.address, ...d.address } } : {});
  }
  return merged;
}

/** An answer to the agent's last question, when the message reads as one. */
function followUp(view: TurnView, text: string, folded: string): Intent | null {
  const asked = (question: string) => didAsk(view.lastAgentText, question);
  const item = extractItem(text);
  const onlyAttributes = item.productWords.length === 0 && (item.talle || item.color || item.quantity !== null);

  const wantedAgain = view.lastAgentText?.match(QUESTION.addAvailable);
  if (wantedAgain && AFFIRM.test(folded)) {
    const base = previousItem(view.history);
    if (base) return { kind: 'add', items: [{ ...base, quantity: Number(wantedAgain[1]) }] };
  }
  if ([QUESTION.talle, QUESTION.color, QUESTION.product, QUESTION.alternative, QUESTION.quantity].some(asked)) {
    const base = previousItem(view.history, view.lastAgentText);
    const d = extractDelivery(text);
    const aboutDelivery = d.address !== undefined || d.method === 'PICKUP' || d.recipientName !== undefined;
    if (base && !aboutDelivery && (onlyAttributes || item.productWords.length > 0) && !NEGATE.test(folded)) {
      return { kind: 'add', items: [merge(base, item)] };
    }
  }
  const deliveryAsked = [QUESTION.delivery, QUESTION.recipient, QUESTION.city, QUESTION.address].some(asked);
  if (deliveryAsked) {
    const earlier = deliveryFromHistory(view.history);
    const now = extractDelivery(text, { assumeAddress: asked(QUESTION.address) || asked(QUESTION.delivery) });
    const delivery: DeliverySlots = { ...earlier, ...now };
    if (earlier.address || now.address) delivery.address = { ...earlier.address, ...now.address };
    const words = text.split(/\s+/).filter(Boolean);
    if (
      asked(QUESTION.recipient) &&
      !now.recipientName &&
      words.length <= 5 &&
      !/\d/.test(text) &&
      !ADD_VERB.test(folded)
    ) {
      delivery.recipientName = text
        .replace(/^(?:a nombre de|soy|me llamo|para)\s+/i, '')
        .replace(/[.!]+$/, '')
        .trim();
    }
    if (asked(QUESTION.city) && !now.address?.city && words.length <= 4 && delivery.address) {
      delivery.address = { ...delivery.address, city: text.replace(/[.!]+$/, '').trim() };
    }
    if (
      hasDeliveryInfo(now) ||
      delivery.recipientName !== earlier.recipientName ||
      delivery.address?.city !== earlier.address?.city
    ) {
      return { kind: 'delivery', delivery, location: false };
    }
  }
  if (asked(QUESTION.amount)) {
    const payment = extractPayment(text);
    if (payment.amount !== undefined) {
      const before = view.history[0] ? extractPayment(view.history[0].text) : {};
      return { kind: 'payment', payment: { ...before, ...payment } };
    }
  }
  return null;
}

/**
 * Classifies the customer's message. `state` is the conversation's state when the turn began
 * (see `turnState` in planner.ts): the same "dale" confirms while awaiting confirmation and is
 * small talk otherwise.
 */
export function classify(view: TurnView, state: SessionState): Classified {
  const { message } = view;
  const raw = message.text;
  const greeting = GREETING.exec(fold(raw));
  const greeted = greeting !== null;
  const text = greeting ? raw.slice(greeting[0].length) : raw;
  const folded = fold(text).trim();
  const done = (intent: Intent): Classified => ({ intent, greeted });

  if (message.media === 'image' || message.media === 'document') {
    return done({
      kind: 'receipt',
      payment: text && mentionsPayment(text) ? extractPayment(text) : null,
      messageId: message.messageId ?? null,
    });
  }
  if (message.media === 'unsupported') return done({ kind: 'unsupported_media' });
  if (message.media === 'location') {
    const earlier = deliveryFromHistory(view.history);
    const here = extractDelivery(withoutCoordinates(text), { assumeAddress: true });
    return done({
      kind: 'delivery',
      delivery: { ...earlier, ...here, method: 'DELIVERY', ...(here.address ? { address: here.address } : {}) },
      location: true,
    });
  }
  if (asksForPerson(folded)) return done({ kind: 'handoff' });
  if (INFO_SHIPPING.test(folded)) return done({ kind: 'info', topic: 'shipping' });
  if (INFO_PAYMENT.test(folded) && !mentionsPayment(folded)) return done({ kind: 'info', topic: 'payment_methods' });
  if (INFO_HOURS.test(folded)) return done({ kind: 'info', topic: 'hours' });

  const reply = { text: message.text, buttonId: message.buttonId };
  const item = extractItem(text);
  const changes = CHANGE.test(folded) && (item.talle !== null || item.color !== null || item.quantity !== null);
  const editing = REMOVE.test(folded) || changes;
  if (state === 'AWAITING_CONFIRMATION') {
    if (isExplicitYes(reply)) return done({ kind: 'confirm' });
    if (HOLD.test(folded)) return done({ kind: 'hold' });
    if (UNSURE.test(folded)) return done({ kind: 'unsure' });
    if (isExplicitNo(reply) && !editing && !QUANTITY_FIX.test(folded)) return done({ kind: 'decline' });
  }
  if (QUANTITY_FIX.test(folded) && item.quantity !== null && item.productWords.length === 0) {
    return done({ kind: 'quantity', quantity: item.quantity });
  }
  if (SWAP.test(folded) && message.referenced && item.productWords.length) {
    const after = text.replace(/^.*?\b(?:en vez de|en lugar de)\s+(?:esa|ese|eso|esta|este)\b[\s,]*/iu, '');
    return done({ kind: 'swap', item: extractItem(after) });
  }
  if (mentionsPayment(folded)) return done({ kind: 'payment', payment: extractPayment(text) });
  if (REMOVE.test(folded)) return done({ kind: 'remove', item });
  if (changes) return done({ kind: 'change', item });

  // An answer to the agent's own question first: "Ana" after "¿A nombre de quién…?".
  const answer = followUp(view, text, folded);
  if (answer) return done(answer);
  const delivery = extractDelivery(text);
  if (delivery.address || delivery.method) return done({ kind: 'delivery', delivery, location: false });
  if (THANKS.test(folded)) return done({ kind: 'thanks' });

  if (CATALOG.test(folded)) return done({ kind: 'catalog', query: item.productWords.join(' ') || null });
  if (item.productWords.length) {
    const wants =
      ADD_VERB.test(folded) || item.quantity !== null || (message.referenced === true && !/\?/.test(folded));
    const asks =
      BROWSE.test(folded) && !/\b(?:quiero|dame|me llevo|llevo|agrega|agregame|suma|sumame|poneme)\b/.test(folded);
    if (wants && !asks) {
      const items = splitItems(text)
        .map(extractItem)
        .filter((i) => i.productWords.length)
        .slice(0, 3);
      return done({ kind: 'add', items });
    }
    return done({ kind: 'browse', item, cue: BROWSE.test(folded) || ADD_VERB.test(folded) });
  }
  if (FINISH.test(folded)) return done({ kind: 'finish' });
  if (ADD_VERB.test(folded) && (item.talle || item.color || item.quantity !== null)) {
    return done({ kind: 'which_product', item });
  }
  if (!folded) return done(greeted ? { kind: 'greeting' } : { kind: 'unknown' });
  if (NEGATE.test(folded)) return done({ kind: 'negate' });
  if (AFFIRM.test(folded)) return done({ kind: 'affirm' });
  return done({ kind: 'unknown' });
}
