/**
 * Whether a customer's message is an explicit "yes" to the order summary. No order is confirmed
 * without one (ARCHITECTURE §2), so the rule is deterministic and conservative: every word of
 * the message must be a yes-word or harmless filler, at least one must be a yes-word, and a
 * question mark anywhere makes it a question, not an answer. "sí, confirmo", "dale", "de una",
 * "👍" are yes; "no", "esperá", "¿sí?", "capaz", "sí pero cambiame el talle" are not.
 */

/** Ids of the reply buttons `request_confirmation` sends with the summary. */
export const CONFIRM_YES_ID = 'confirm_yes';
export const CONFIRM_NO_ID = 'confirm_no';

/** A customer message as the confirmation check sees it: its text and/or the reply button pressed. */
export type CustomerReply = string | null | undefined | { text?: string | null; buttonId?: string | null };

/** Words that, alone or together, say yes. Compared without accents, lower-case. */
const YES_WORDS = new Set([
  'si',
  'confirmo',
  'confirmado',
  'confirmalo',
  'confirmamelo',
  'confirma',
  'confirmar',
  'dale',
  'ok',
  'okay',
  'okey',
  'oka',
  'listo',
  'lista',
  'perfecto',
  'perfecta',
  'va',
  'claro',
  'obvio',
  'genial',
  'joya',
  'buenisimo',
  'correcto',
  'acepto',
  'mandale',
  'metele',
  'hacelo',
  'vamos',
  'sisi',
  'seguro',
  // English and Portuguese customers.
  'yes',
  'yep',
  'sure',
  'confirm',
  'sim',
  'confirmo',
]);
/** Two-word yeses, matched before single words. */
const YES_PHRASES = [
  ['de', 'una'],
  ['esta', 'bien'],
  ['de', 'acuerdo'],
];
/** Words that add nothing to a yes ("sí, por favor", "dale, gracias", "confirmo el pedido"). */
const FILLER = new Set([
  'please',
  'por',
  'favor',
  'porfa',
  'gracias',
  'el',
  'pedido',
  'todo',
  'che',
  'entonces',
  'nomas',
  'asi',
]);
/** Emoji that say yes: thumbs up, OK hand, check marks (skin tones are stripped first). */
const YES_EMOJI = /^(?:\u{1F44D}|\u{1F44C}|\u{2705}|\u{2714}\u{FE0F}?|\u{2611}\u{FE0F}?)+$/u;
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/gu;

/** Lower-case, accents removed, repeated letters of "siii"/"daleee" collapsed; emoji kept. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(SKIN_TONE, '')
    .replace(/(\p{Extended_Pictographic}\u{FE0F}?)/gu, ' $1 ')
    .toLowerCase()
    .split(/[\s.,;:!¡]+/u)
    .filter(Boolean)
    .map((w) => w.replace(/([a-z])\1+$/u, '$1'));
}

function replyText(reply: CustomerReply): { text: string | null; buttonId: string | null } {
  if (reply === null || reply === undefined) return { text: null, buttonId: null };
  if (typeof reply === 'string') return { text: reply, buttonId: null };
  return { text: reply.text ?? null, buttonId: reply.buttonId ?? null };
}

/** True only for an unambiguous yes: the `confirm_yes` button, or a message made of yes-words (see the file comment). */
export function isExplicitYes(reply: CustomerReply): boolean {
  const { text, buttonId } = replyText(reply);
  if (buttonId === CONFIRM_YES_ID) return true;
  if (buttonId === CONFIRM_NO_ID) return false;
  if (!text) return false;
  if (text.trim() === CONFIRM_YES_ID) return true;
  if (/[?¿]/.test(text)) return false;
  const tokens = words(text);
  let yes = false;
  for (let i = 0; i < tokens.length; i++) {
    const phrase = YES_PHRASES.find(([a, b]) => tokens[i] === a && tokens[i + 1] === b);
    if (phrase) {
      yes = true;
      i++;
      continue;
    }
    const token = tokens[i]!;
    if (YES_WORDS.has(token) || YES_EMOJI.test(token)) yes = true;
    else if (!FILLER.has(token)) return false;
  }
  return yes;
}

const DECLINE =
  /^(no|nop|nope|nah|todavia no|mejor no)\b|\b(espera|esperame|aguanta|aguantame|cancela|cancelar|cambiar|cambia|cambiame|modificar|todavia no|mejor no|no quiero|no confirmo)\b/;

const UNSURE = /^(?:no se|nose|no estoy segur[oa]|no sabria)\b/;

/**
 * True when the customer turns the summary down or wants changes ("no", "no, esperá", "quiero
 * cambiar algo", the `confirm_no` button). Never true for an explicit yes. A message that is
 * neither (a question, "capaz") is left for the agent to clarify.
 */
export function isExplicitNo(reply: CustomerReply): boolean {
  const { text, buttonId } = replyText(reply);
  if (buttonId === CONFIRM_NO_ID) return true;
  if (buttonId === CONFIRM_YES_ID || !text || isExplicitYes(text)) return false;
  if (text.trim() === CONFIRM_NO_ID) return true;
  const said = words(text).join(' ');
  // "no sé", "no estoy seguro": doubt, not a no.
  if (UNSURE.test(said)) return false;
  return DECLINE.test(said);
}
