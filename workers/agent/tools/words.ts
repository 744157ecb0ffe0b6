/**
 * Spanish words as the catalogue and the customer write them, compared loosely: accents folded
 * (keeping string positions), words split, and a crude singular stem so "negras" meets "Negro"
 * and "remeras" meets "Remera". Used by `list_products` and by the offline agent.
 */

const ACCENTS: Readonly<Record<string, string>> = {
  á: 'a',
  à: 'a',
  ä: 'a',
  â: 'a',
  é: 'e',
  è: 'e',
  ë: 'e',
  ê: 'e',
  í: 'i',
  ì: 'i',
  ï: 'i',
  î: 'i',
  ó: 'o',
  ò: 'o',
  ö: 'o',
  ô: 'o',
  ú: 'u',
  ù: 'u',
  ü: 'u',
  û: 'u',
};

/** Lower-case without accents (ñ kept), one character for one: `fold(s).length === s.length`. */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? (ACCENTS[lower] ?? lower) : ch;
  }
  return out;
}

/** Words of a text: letters and digits (with inner hyphens, as in the talle "35-40"). */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/** Crude Spanish singular stem of a folded word: "remeras" → "remer", "negros" → "negr", "azules" → "azul". */
export function stem(word: string): string {
  let w = fold(word);
  if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s')) w = w.slice(0, -1);
  if (w.length > 3 && /[aoe]$/.test(w)) w = w.slice(0, -1);
  return w;
}
