/**
 * What "la segunda", "la más barata", "esa en talle chico", "la otra" or "la misma pero en otro
 * color" point at. The offline agent only knows what it said: the product lists of its replies
 * ("• Remera básica de algodón — $ 22.900 (S, M, L · Negro, Blanco)") and the lines it added or
 * named ("Te agregué 1 × Buzo canguro con capucha (Negro, talle M) — $ 58.000"). A reference is
 * rewritten into the words it stands for ("la segunda en M" → "Remera oversize estampada en M"),
 * so every later rule — and the answer to the next question, which reads the earlier message
 * again — sees a plain product request.
 */
import { fold } from './text';

/** A product the agent showed or named, as its reply wrote it. */
export interface Shown {
  name: string;
  /** Pesos as shown (the lowest price for "desde"), for "la más barata". */
  price: number | null;
  /** Talles in the order shown (smallest first in the catalogue). */
  talles: string[];
  /** The colour of a named line ("Te agregué … (Negro, talle M)"). */
  color: string | null;
  /** The talle of a named line. */
  talle: string | null;
}

const LIST_LINE = /^•\s+(?!\d+\s+×)(.+?)\s+—\s+(?:desde\s+)?\$\s*([\d.]+)(?:,\d+)?(?:\s+\((.*)\))?\s*$/u;
const NAMED_LINE = /(?:Te agregué|Ahora tenés|por)\s+(?:\d+\s+×\s+)?(.+?)\s+\(([^)]*)\)(?:\s+—|\.|$)/u;
const ASKED_ABOUT = /¿(?:En qué talle|De qué color) querés (.+?)\? Tengo (.+?)\.$/mu;

const pesos = (text: string) => Number(text.replace(/\./g, '')) || null;

/** The products listed in one reply of the agent, in the order shown. */
export function listedIn(agentText: string | null): Shown[] {
  if (!agentText) return [];
  const shown: Shown[] = [];
  for (const line of agentText.split('\n')) {
    const m = LIST_LINE.exec(line.trim());
    if (!m) continue;
    const details = (m[3] ?? '').split('·').map((part) => part.split(',').map((v) => v.trim()));
    const talles = details.find((values) => values.some((v) => /^(?:XS|S|M|L|XL|XXL|\d{2}(?:-\d{2})?)$/.test(v))) ?? [];
    shown.push({ name: m[1]!, price: pesos(m[2]!), talles, color: null, talle: null });
  }
  return shown;
}

/** The one product a reply was about: a line added or changed, or the product it asks a talle or colour for. */
export function namedIn(agentText: string | null): Shown | null {
  if (!agentText) return null;
  const asked = ASKED_ABOUT.exec(agentText);
  if (asked) {
    const values = asked[2]!.split(/,\s*|\s+o\s+/).map((v) => v.trim());
    const sizes = agentText.includes('talle') ? values : [];
    return { name: asked[1]!, price: null, talles: sizes, color: null, talle: null };
  }
  const matches = [...agentText.matchAll(new RegExp(NAMED_LINE.source, 'gu'))];
  const m = matches.at(-1);
  if (!m) {
    const listed = listedIn(agentText);
    return listed.length === 1 ? listed[0]! : null;
  }
  const attributes = m[2]!.split(',').map((a) => a.trim());
  const talle = attributes.find((a) => a.startsWith('talle '))?.slice('talle '.length) ?? null;
  const color = attributes.find((a) => !a.startsWith('talle ')) ?? null;
  return { name: m[1]!, price: null, talles: [], color, talle };
}

const ORDINALS: ReadonlyArray<[RegExp, number]> = [
  [/primer[oa]?|1(?:ra|ro|era|ero|°|º)?/, 0],
  [/segund[oa]|2(?:da|do|°|º)?/, 1],
  [/tercer[oa]?|3(?:ra|ro|era|ero|°|º)?/, 2],
  [/cuart[oa]|4(?:ta|to|°|º)?/, 3],
  [/quint[oa]|5(?:ta|to|°|º)?/, 4],
];
function ordinalRule(): RegExp {
  const alternatives = ORDINALS.map(([re]) => re.source).join('|');
  return new RegExp(
    String.raw`(?<![\p{L}\p{N}])(?:(?:la|el)\s+(?:opcion\s+)?(${alternatives})(?:\s+opcion)?|opcion\s+(${alternatives})|(?:la|el)\s+(ultim[oa]))(?![\p{L}\p{N}])`,
    'u',
  );
}
const ORDINAL = ordinalRule();
const CHEAPEST = /\b(?:(?:la|el|lo)\s+)?mas\s+(?:barat[oa]s?|economic[oa]s?)\b/u;
const DEAREST = /\b(?:(?:la|el|lo)\s+)?mas\s+car[oa]s?\b/u;
const OTHER = /\b(?:la|el)\s+otr[oa]\b(?!\s+(?:color|talle))/u;
/** "esa", "la misma", "ese mismo": the one product just named. */
const THAT_ONE =
  /\b(?:(?:esa|ese|esta|este)(?:\s+mism[oa])?|(?:la|el)\s+mism[oa])\b(?!\s+(?:es|era|seria|nomas|nada mas)\b)/u;
const OTHER_COLOR = /\b(?:en\s+)?otro\s+color\b/u;
const SMALL = /\b(?:(?:en\s+)?talle\s+)?(?:(?:el|la|lo)\s+)?(?:mas\s+)?(?:chic[oa]|chiquit[oa]|pequen[oa])\b/u;
const LARGE = /\b(?:(?:en\s+)?talle\s+)?(?:(?:el|la|lo)\s+)?(?:mas\s+)?grande\b/u;
const MEDIUM = /\b(?:(?:en\s+)?talle\s+)?median[oa]\b/u;

/** Replaces the span [start, end) of `text` (folded positions equal original ones). */
const splice = (text: string, start: number, end: number, by: string) =>
  `${text.slice(0, start)}${by}${text.slice(end)}`.replace(/\s+/g, ' ').trim();

/** The talle "chico"/"grande"/"mediano" names, among the product's talles in catalogue order. */
function relativeTalle(text: string, talles: string[]): { text: string; talle: string } | null {
  if (talles.length === 0) return null;
  for (const [rule, pick] of [
    [SMALL, () => talles[0]!],
    [LARGE, () => talles.at(-1)!],
    [MEDIUM, () => (talles.includes('M') ? 'M' : talles[Math.floor(talles.length / 2)]!)],
  ] as const) {
    const m = rule.exec(fold(text));
    if (m) return { text: splice(text, m.index, m.index + m[0].length, ''), talle: pick() };
  }
  return null;
}

/**
 * The customer's text with its references to what the agent showed replaced by product words.
 * `before` is the agent's reply just before the message; `earlier` the agent's replies before
 * that, newest first (for "la otra" after the agent already added one of two options).
 */
export function resolveReferences(text: string, before: string | null, earlier: string[] = []): string {
  const folded = fold(text);
  const listed = listedIn(before);
  const named = namedIn(before);
  let product: Shown | null = null;
  let span: [number, number] | null = null;

  const ordinal = ORDINAL.exec(folded);
  const cheapest = CHEAPEST.exec(folded);
  const dearest = DEAREST.exec(folded);
  const other = OTHER.exec(folded);
  if (listed.length > 1 && ordinal) {
    const token = ordinal[1] ?? ordinal[2];
    const index = ordinal[3]
      ? listed.length - 1
      : ORDINALS.findIndex(([re]) => new RegExp(`^(?:${re.source})$`, 'u').test(token ?? ''));
    if (index >= 0 && index < listed.length) {
      product = listed[index]!;
      span = [ordinal.index, ordinal.index + ordinal[0].length];
    }
  } else if (listed.length > 1 && (cheapest || dearest)) {
    const priced = listed.filter((p) => p.price !== null);
    const m = (cheapest ?? dearest)!;
    const pick = priced.reduce<Shown | null>(
      (best, p) => (!best || (cheapest ? p.price! < best.price! : p.price! > best.price!) ? p : best),
      null,
    );
    if (pick) {
      product = pick;
      span = [m.index, m.index + m[0].length];
    }
  } else if (other) {
    // The option not taken: the list shown before, without the product the agent named since.
    const list = listed.length > 1 ? listed : (earlier.map(listedIn).find((l) => l.length > 1) ?? []);
    const taken = named ? fold(named.name) : '';
    const rest = list.filter((p) => fold(p.name) !== taken);
    if (rest.length === 1) {
      product = rest[0]!;
      span = [other.index, other.index + other[0].length];
    }
  }
  const that = THAT_ONE.exec(folded);
  if (!product && named && that) {
    product = named;
    span = [that.index, that.index + that[0].length];
  }
  if (!product || !span) return text;

  let out = splice(text, span[0], span[1], ` ${product.name} `);
  const sized = relativeTalle(
    out,
    product.talles.length ? product.talles : (listed.find((p) => p.name === product.name)?.talles ?? []),
  );
  if (sized) out = `${sized.text} talle ${sized.talle}`;
  const otherColor = OTHER_COLOR.exec(fold(out));
  if (otherColor && product.color) {
    out = splice(out, otherColor.index, otherColor.index + otherColor[0].length, ` que no sea ${product.color} `);
  }
  if (product.talle && !/\btalle\b|\ben\s+(?:xs|s|m|l|xl|xxl|\d{2})\b/i.test(fold(out)))
    out = `${out} talle ${product.talle}`;
  return out;
}
