/**
 * Slot extraction for the offline agent: from a customer's message, the quantity ("2", "dos",
 * "una"), the talle ("talle M", "en L", "del 40"), the colour ("negras", "azul marino"), the
 * words naming a product ("remeras", "buzo canguro"), delivery details (address, recipient,
 * pickup, schedule) and payment details (method, amount, reference). Pure functions of the text.
 */
import { parsePesos } from '../../../retail/products/pesos';
import { fold, stem } from './text';

export interface ItemSlots {
  quantity: number | null;
  talle: string | null;
  /** The colour as the customer named it, folded: "negro", "azul marino". */
  color: string | null;
  /** Words naming the product, lower-case with their accents (the catalogue search is accent-sensitive). */
  productWords: string[];
  /** A colour the customer rules out ("que no sea negra", "otro color que no sea el negro"). */
  notColor?: string | null;
}

interface Token {
  /** Folded form. */
  f: string;
  /** The original word, lower-case. */
  o: string;
  /** The original word as written. */
  raw: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const folded = fold(text);
  const tokens: Token[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu)) {
    const start = m.index;
    const end = start + m[0].length;
    const raw = text.slice(start, end);
    tokens.push({ f: m[0], o: raw.toLowerCase(), raw, start, end });
  }
  return tokens;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1,
  una: 1,
  uno: 1,
  unos: 1,
  unas: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  quince: 15,
  veinte: 20,
};

/** Colour stems with how they are named. */
const COLORS: Readonly<Record<string, string>> = {
  negr: 'negro',
  blanc: 'blanco',
  gri: 'gris',
  gris: 'gris',
  azul: 'azul',
  celest: 'celeste',
  roj: 'rojo',
  verd: 'verde',
  beig: 'beige',
  ros: 'rosa',
  amarill: 'amarillo',
  marron: 'marrón',
  bord: 'bordó',
  crud: 'crudo',
  floread: 'floreado',
  surtid: 'surtido',
  naranj: 'naranja',
  violet: 'violeta',
  lil: 'lila',
  dorad: 'dorado',
  platead: 'plateado',
  fucsi: 'fucsia',
};
/** Second words that make a two-word colour with the first ("azul marino"). */
const COLOR_SECOND_WORDS = new Set([
  'marino',
  'topo',
  'melange',
  'oliva',
  'salvia',
  'militar',
  'viejo',
  'claro',
  'oscuro',
]);

const LETTER_SIZES = new Set(['xs', 's', 'm', 'l', 'xl', 'xxl', 'xxxl']);
const TALLE_WORDS = new Set(['talle', 'talles', 'talla', 'size', 'numero', 'nro', 'calzado']);

/** Words that never name a product: verbs of wanting and asking, articles, courtesy, order talk. */
const STOPWORDS = new Set(
  `quiero quisiera queria querria dame damelo das daria me te se le lo la las los el de del en con por para y o a al
   que q mas tambien otra otro otras otros tenes tienen tenis hay venden vendes vende precio precios cuanto cuanta
   cuesta cuestan sale salen esta estan ver mostrame muestrame mostra mandame manda mandar busco buscando estoy
   necesito comprar compro llevar llevo lleva agrega agregame agregar agregale suma sumame sumar sumale pone poneme
   poner ponele pedido carrito porfa favor gracias hola buenas buen dia che bueno dale si no talle talles talla color
   colores size numero nro calzado par pares unidad unidades cantidad x hasta mi mis tu sus su este esta ese esa eso
   esto estos estas algo alguna alguno algun tipo modelo cambia cambiame cambialo cambiala cambiar saca sacame sacalo
   sacala sacar quita quitame quitalo quitar elimina eliminame eliminar borra borrame borrar vez lugar mejor sea sean
   ahora entonces tenias tendrias tenian tengo tenga unico unica tambien solo sola nada como cual cuales hay
   disponible disponibles stock queda quedan van va ir the and please ok listo catalogo catalogos todo todos resumen
   confirmar cerrar cerramos finalizar terminar sigo seguimos pago pagar hago hacer envio envios gusta gustaria
   tenes tienen productos producto cosas cosa buenos dias tardes noches hoy pero sino mismo misma igual pasame pasa pasar ups upa eran son serian perdon`
    .split(/\s+/)
    .filter(Boolean),
);

function colorAt(tokens: Token[], i: number): { name: string; length: number } | null {
  const base = COLORS[stem(tokens[i]!.f)];
  if (!base) return null;
  const next = tokens[i + 1]?.f;
  if (next && COLOR_SECOND_WORDS.has(next)) return { name: `${fold(base)} ${next}`, length: 2 };
  return { name: fold(base), length: 1 };
}

/** The quantity, talle, colour and product words of one item request ("2 remeras negras talle M"). */
export function extractItem(text: string): ItemSlots {
  const tokens = tokenize(text);
  const slots: ItemSlots = { quantity: null, talle: null, color: null, productWords: [] };
  const numbersBefore: number[] = [];
  const numbersAfter: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (TALLE_WORDS.has(t.f) && next) {
      if (next.f === 'unico' || next.f === 'unica') {
        slots.talle = 'U';
        i++;
        continue;
      }
      if (LETTER_SIZES.has(next.f) || /^\d{1,2}(-\d{2})?$/.test(next.f)) {
        slots.talle = next.f.toUpperCase();
        i++;
        continue;
      }
    }
    if (t.f === 'del' && next && /^\d{2}$/.test(next.f)) {
      slots.talle = next.f;
      i++;
      continue;
    }
    // A lone size letter counts when written in capitals ("M") or after "en" ("la quiero en m").
    if (LETTER_SIZES.has(t.f) && (t.raw === t.raw.toUpperCase() || tokens[i - 1]?.f === 'en')) {
      slots.talle = t.f.toUpperCase();
      continue;
    }
    if (/^\d{2}-\d{2}$/.test(t.f)) {
      slots.talle = t.f;
      continue;
    }
    if (/^\d{1,3}$/.test(t.f)) {
      // "$ 25000", "25 mil" are money, not quantities.
      if (/\$\s*$/.test(text.slice(0, t.start)) || next?.f === 'mil' || next?.f === 'pesos') continue;
      (slots.productWords.length ? numbersAfter : numbersBefore).push(Number(t.f));
      continue;
    }
    const color = colorAt(tokens, i);
    const ruledOut = tokens[i - 1]?.f === 'sea' && tokens[i - 2]?.f === 'no';
    const ruledOutWithArticle =
      ['el', 'la'].includes(tokens[i - 1]?.f ?? '') && tokens[i - 2]?.f === 'sea' && tokens[i - 3]?.f === 'no';
    if (color && (ruledOut || ruledOutWithArticle)) {
      slots.notColor = color.name;
      i += color.length - 1;
      continue;
    }
    if (color) {
      slots.color ??= color.name;
      i += color.length - 1;
      continue;
    }
    if (t.f in NUMBER_WORDS) {
      if (slots.quantity === null) slots.quantity = NUMBER_WORDS[t.f]!;
      continue;
    }
    if (STOPWORDS.has(t.f) || t.f.length < 3 || /^\d/.test(t.f)) continue;
    slots.productWords.push(t.o);
  }
  const first = numbersBefore.find((n) => n >= 1 && n <= 50);
  if (first !== undefined) slots.quantity = first;
  for (const n of numbersAfter) {
    // After the product, a shoe or jean size ("zapatillas 42"); otherwise a quantity.
    if (slots.talle === null && n >= 30 && n <= 50) slots.talle = String(n);
    else if (slots.quantity === null && n >= 1 && n <= 50) slots.quantity = n;
  }
  return slots;
}

/** Splits "2 remeras negras y un buzo gris" into one request per product; a part naming none joins the previous. */
export function splitItems(text: string): string[] {
  const parts = text.split(/\s*(?:,|\by\b|\bmas\b|\bmás\b|\+)\s*/i).filter((p) => p.trim());
  const items: string[] = [];
  for (const part of parts) {
    if (items.length && extractItem(part).productWords.length === 0) items[items.length - 1] += ` ${part}`;
    else items.push(part);
  }
  return items;
}

/** Whether a variant colour ("Gris topo") is the colour asked for ("gris"): every word of the request is in it. */
export function colorMatches(asked: string, variantColor: string | undefined): boolean {
  if (!variantColor) return false;
  const have = new Set(variantColor.split(/\s+/).map(stem));
  return asked.split(/\s+/).every((w) => have.has(stem(w)));
}

// ─── Delivery ───────────────────────────────────────────────────────────────────────────────

export interface AddressSlots {
  street?: string;
  number?: string;
  apartment?: string;
  city?: string;
  province?: string;
  postalCode?: string;
}

export interface DeliverySlots {
  method?: 'DELIVERY' | 'PICKUP';
  recipientName?: string;
  phone?: string;
  address?: AddressSlots;
  schedule?: string;
}

const PICKUP =
  /\b(retiro|retirarlo|retirarla|retirar|lo retiro|la retiro|paso a buscar|pasar a buscar|paso a retirar|lo paso a buscar|lo busco|voy al local|retiro en el local|en el local)\b/;
const DELIVERY_TRIGGER =
  /\b(?:envio|envios|envialo|envialos|enviamelo|enviamelos|enviar|enviarlo|mandalo|mandamelo|mandamelos|mandalos|(?:me )?lo mandas|(?:me )?la mandas|(?:me )?los mandas|me lo envias|llevalo|llevamelo|me lo traes|traemelo|entregalo|entrega|direccion(?: es)?|vivo en|a domicilio|domicilio|mi casa es)\b\s*(?:a|en|es|:)?\s*/;
const RECIPIENT =
  /\b(?:a nombre de|recibe|lo recibe|la recibe|para entregar a|me llamo|mi nombre es|soy(?!\s+(?:de|del|la|el|cliente|yo|nuevo|nueva)\b))\s+/;
const SCHEDULE =
  /\b(?:(?:el |los )?(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)s?(?: (?:por|a) la (?:manana|tarde|noche))?|(?:por|a) la (?:manana|tarde|noche)|despues de las \d{1,2}(?::\d{2})?(?: ?hs)?|antes de las \d{1,2}(?::\d{2})?(?: ?hs)?|de \d{1,2} a \d{1,2}(?: ?hs)?)\b/;
const PHONE = /\b(?:tel|telefono|cel|celular|whatsapp)\s*:?\s*(\+?\d[\d\s-]{6,}\d)/;
const APARTMENT = /^(?:piso|p\.|dpto\.?|depto\.?|departamento|dto\.?|pb|\d+\s*°|\d+[a-z]$)/i;
const POSTAL_CODE = /^(?:(?:cp|c\.p\.|codigo postal)\s*)?([a-z]?\d{4}[a-z]{0,3})$/i;

const clean = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:¿-]+|[\s,.;:!?-]+$/g, '')
    .trim();

/** "Av. Corrientes 1234 piso 3, CABA, Buenos Aires" → street, number, apartment, city, province. */
export function parseAddress(text: string): AddressSlots | undefined {
  const parts = text.split(',').map(clean).filter(Boolean);
  // "Casa de Juan, Av. Corrientes 1234, CABA": a place name before the street is dropped.
  const numbered = parts.findIndex((p) => /\p{L}.*\s\d{1,5}[a-z]?\b/iu.test(p));
  if (numbered > 0) parts.splice(0, numbered);
  if (parts.length === 0) return undefined;
  const address: AddressSlots = {};
  const first = /^(.*?\p{L}[^\d]*?)\s+(\d{1,5}[a-z]?)\b\s*(.*)$/iu.exec(parts[0]!);
  const rest: string[] = [];
  if (first) {
    address.street = clean(first[1]!);
    address.number = first[2]!;
    if (first[3]) rest.push(clean(first[3]));
  } else {
    address.street = parts[0]!;
  }
  rest.push(...parts.slice(1));
  for (const part of rest) {
    const cp = POSTAL_CODE.exec(fold(part));
    if (APARTMENT.test(part) && !address.apartment) address.apartment = part;
    else if (cp) address.postalCode = part.slice(part.length - cp[1]!.length).toUpperCase();
    else if (!address.city) address.city = part;
    else if (!address.province) address.province = part;
  }
  if (!address.street || !/\p{L}/u.test(address.street)) return undefined;
  return address;
}

/** Where the recipient's name ends: before a comma, a schedule or a phone. */
function recipientAt(text: string, folded: string, from: number): string | undefined {
  const tail = folded.slice(from);
  const stop =
    /\s*(?:[,.;\n]|$|\s(?:(?:y|que)\b|por la|a la|despues|antes|tel|telefono|cel|celular|el (?:lunes|martes|miercoles|jueves|viernes|sabado)))/.exec(
      tail,
    );
  const name = clean(text.slice(from, from + (stop?.index ?? tail.length)));
  const words = name.split(' ').filter(Boolean);
  return words.length > 0 && words.length <= 5 ? name : undefined;
}

/**
 * Delivery details in a message: pickup or delivery, the address (after "envío a", "mandalo a",
 * "dirección:", or the whole text when `assumeAddress`), "a nombre de …", a phone and a schedule.
 */
export function extractDelivery(text: string, options: { assumeAddress?: boolean } = {}): DeliverySlots {
  const folded = fold(text);
  const slots: DeliverySlots = {};
  // Spans that are not part of the address.
  const cuts: number[] = [];

  const recipient = RECIPIENT.exec(folded);
  if (recipient) {
    const name = recipientAt(text, folded, recipient.index + recipient[0].length);
    if (name) slots.recipientName = name;
    cuts.push(recipient.index);
  }
  const phone = PHONE.exec(folded);
  if (phone) {
    slots.phone = phone[1]!.replace(/[\s-]/g, '');
    cuts.push(phone.index);
  }
  const schedule = SCHEDULE.exec(folded);
  if (schedule) {
    slots.schedule = clean(text.slice(schedule.index, schedule.index + schedule[0].length));
    cuts.push(schedule.index);
  }
  if (PICKUP.test(folded)) slots.method = 'PICKUP';

  const trigger = DELIVERY_TRIGGER.exec(folded);
  const from = trigger ? trigger.index + trigger[0].length : options.assumeAddress ? 0 : -1;
  if (from >= 0 && slots.method !== 'PICKUP') {
    const to = Math.min(text.length, ...cuts.filter((c) => c >= from));
    const address = parseAddress(text.slice(from, to));
    // "envío a domicilio" names the method, not an address; without "envío a" only a street
    // with its number reads as an address ("eso es todo" does not).
    const plausible =
      address && (trigger ? !/^(domicilio|casa|mi casa)$/i.test(fold(address.street ?? '')) : address.number);
    if (plausible) slots.address = address;
    if (trigger || slots.address) slots.method = 'DELIVERY';
  }
  return slots;
}

/** A shared location's text without its coordinates ("(-34.59, -58.41)"), which say nothing to deliver to. */
export const withoutCoordinates = (text: string): string =>
  text.replace(/\(?\s*-?\d{1,3}\.\d+\s*,\s*-?\d{1,3}\.\d+\s*\)?/g, ' ').trim();

// ─── Payment ────────────────────────────────────────────────────────────────────────────────

export interface PaymentSlots {
  method?: 'CASH' | 'TRANSFER' | 'CARD' | 'MERCADOPAGO' | 'OTHER';
  /** Centavos. */
  amount?: number;
  reference?: string;
}

const PAID =
  /\b(pague|pagamos|pagado|pago hecho|transferi|transferimos|hice (?:la|una) transferencia|hice el pago|deposite|abone|te pase|te mande la plata|te envie la plata|ya esta pago|ya esta pagado|comprobante)\b/;

/** Whether the customer says they paid ("te pagué", "ya transferí", "hice la transferencia"). */
export const mentionsPayment = (text: string): boolean => PAID.test(fold(text));

function paymentMethod(folded: string): PaymentSlots['method'] | undefined {
  if (/\bmercado ?pago\b|\bmp\b/.test(folded)) return 'MERCADOPAGO';
  if (/\btransfer|\bcbu\b|\balias\b/.test(folded)) return 'TRANSFER';
  if (/\befectivo\b|\bcash\b/.test(folded)) return 'CASH';
  if (/\btarjeta\b|\bdebito\b|\bcredito\b/.test(folded)) return 'CARD';
  if (/\bdeposit/.test(folded)) return 'TRANSFER';
  return undefined;
}

/** An amount in pesos as written ("$25.000", "25000", "25 mil", "$ 12.500,50") → centavos. */
export function extractAmount(text: string): number | undefined {
  const folded = fold(text);
  const thousands = /(\d+(?:[.,]\d+)?)\s*(?:mil|k)\b/.exec(folded);
  if (thousands) {
    const value = Number(thousands[1]!.replace(',', '.'));
    if (Number.isFinite(value) && value > 0) return Math.round(value * 1000 * 100);
  }
  const candidates = [
    /\$\s*(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?)/.exec(folded)?.[1],
    /\b(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?)\b/.exec(folded)?.[1],
    /\b(\d{3,9}(?:,\d{1,2})?)\b/.exec(folded)?.[1],
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const parsed = parsePesos(candidate);
    if (parsed.ok && parsed.value > 0) return parsed.value;
  }
  return undefined;
}

/** Method, amount and reference of a payment the customer reports. */
export function extractPayment(text: string): PaymentSlots {
  const folded = fold(text);
  const slots: PaymentSlots = {};
  const method = paymentMethod(folded);
  if (method) slots.method = method;
  const reference =
    /\b(?:operacion|comprobante|referencia|nro\.?|numero)\s*(?:de operacion)?\s*:?\s*#?\s*([a-z0-9-]*\d[a-z0-9-]{3,})/i.exec(
      folded,
    );
  const withoutReference = reference
    ? text.slice(0, reference.index) + text.slice(reference.index + reference[0].length)
    : text;
  if (reference)
    slots.reference = text.slice(
      reference.index + reference[0].length - reference[1]!.length,
      reference.index + reference[0].length,
    );
  const amount = extractAmount(withoutReference);
  if (amount !== undefined) slots.amount = amount;
  return slots;
}
