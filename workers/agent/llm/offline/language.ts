/**
 * English and Portuguese customers. The offline agent's rules are Spanish, so a message in
 * another language is read through a small word table into the Spanish the rules know ("2 black
 * t-shirts size M" → "2 negro remeras talle M"; product names stay the catalogue's), and the reply
 * is written back with a table of the agent's own sentences. The same table turns the agent's
 * earlier replies back into Spanish when the next turn reads them, so "¿En qué talle…?" is still
 * recognised. What the tools send themselves (the order summary with its buttons, the catalogue
 * list) stays in Spanish. The language is the customer's: the newest message that reads as
 * English or Portuguese sets it, and it sticks until one reads as Spanish.
 */
import { fold } from './text';

export type Language = 'es' | 'en' | 'pt';

const ENGLISH =
  /\b(?:hi|hello|hey there|i want|i'd like|i would like|i'll take|do you have|please|thanks|thank you|what do you|how much|size|the|deliver|delivery|pick it up|pick up|my name is|that's all|yes|yeah|sure)\b/;
const PORTUGUESE =
  /\b(?:oi|quero|voce|voces|tem|obrigad[oa]|tamanho|camisetas?|moletom|entregar|retirar|meu nome|sim|nao|e isso|so isso|quanto custa|preta|preto|branca|branco)\b/;
const SPANISH = /\b(?:hola|quiero|tenes|tienen|dale|gracias|talle|remeras?|buzos?|envio|retiro|cuanto|si|che)\b/;

/** The language of one customer text, or null when it does not say. */
export function languageOfText(text: string): Language | null {
  const f = fold(text);
  if (PORTUGUESE.test(f)) return 'pt';
  if (ENGLISH.test(f)) return 'en';
  if (SPANISH.test(f)) return 'es';
  return null;
}

/** The conversation's language from the customer's texts, newest first. */
export function languageOf(texts: string[]): Language {
  for (const text of texts) {
    const language = languageOfText(text);
    if (language) return language;
  }
  return 'es';
}

/** Customer words → the Spanish the rules read. Longer phrases first. */
const INBOUND: Readonly<Record<Exclude<Language, 'es'>, Array<[RegExp, string]>>> = {
  en: [
    [/\b(?:i want|i'd like|i would like|i'll take|give me|i need)\b/g, 'quiero'],
    [/\bdo you have\b/g, 'tenes'],
    [/\bhow much (?:is|are|for)\b/g, 'cuanto sale'],
    [/\bwhat do you (?:have|sell)\b/g, 'que tenes'],
    [/\b(?:that's all|that's it|nothing else)\b/g, 'eso es todo'],
    [
      /\b(?:i'll pick it up|i will pick it up|pick it up|pick up|pickup|collect it)(?: at the (?:store|shop))?\b/g,
      'retiro en el local',
    ],
    [/\b(?:deliver (?:it )?to|send it to|ship (?:it )?to|delivery to)\b/g, 'envio a'],
    [/\b(?:my name is|under the name|name:)/g, 'a nombre de'],
    [/\bt-?shirts?\b|\btees?\b/g, 'remeras'],
    [/\bhoodies?\b|\bsweatshirts?\b/g, 'buzos'],
    [/\bjackets?\b/g, 'camperas'],
    [/\bsneakers\b|\btrainers\b/g, 'zapatillas'],
    [/\bdress(?:es)?\b/g, 'vestido'],
    [/\bcaps?\b|\bhats?\b/g, 'gorra'],
    [/\bsocks\b/g, 'medias'],
    [/\bnavy(?: blue)?\b/g, 'azul marino'],
    [/\bblack\b/g, 'negro'],
    [/\bwhite\b/g, 'blanco'],
    [/\bgr[ae]y\b/g, 'gris'],
    [/\bblue\b/g, 'azul'],
    [/\bsize\b/g, 'talle'],
    [/\bone\b|\ban\b/g, 'una'],
    [/\btwo\b/g, 'dos'],
    [/\bthree\b/g, 'tres'],
    [/\band\b/g, 'y'],
    [/\b(?:hi|hello)\b/g, 'hola'],
    [/\bthanks\b|\bthank you\b/g, 'gracias'],
  ],
  pt: [
    [/\b(?:quero|queria|vou querer|me da)\b/g, 'quiero'],
    [/\b(?:voces tem|voce tem|tem)\b/g, 'tenes'],
    [/\bquanto (?:custa|custam|sai)\b/g, 'cuanto sale'],
    [/\b(?:e isso|so isso|mais nada)\b/g, 'eso es todo'],
    [/\b(?:vou retirar|retiro|retirar|vou buscar|busco)(?: na loja)?\b/g, 'retiro en el local'],
    [/\b(?:entregar (?:em|no|na)|enviar para|manda para|entrega (?:em|no|na))\b/g, 'envio a'],
    [/\b(?:meu nome e|em nome de|sou (?:a|o))\b/g, 'a nombre de'],
    [/\bcamisetas?\b/g, 'remeras'],
    [/\bmoletons?\b/g, 'buzos'],
    [/\bjaquetas?\b/g, 'camperas'],
    [/\btenis\b/g, 'zapatillas'],
    [/\bbones?\b/g, 'gorra'],
    [/\bmeias\b/g, 'medias'],
    [/\bpret[oa]s?\b/g, 'negro'],
    [/\bbranc[oa]s?\b/g, 'blanco'],
    [/\bcinza\b/g, 'gris'],
    [/\btamanho\b/g, 'talle'],
    [/\bum\b|\buma\b/g, 'una'],
    [/\bdois\b|\bduas\b/g, 'dos'],
    [/\btres\b/g, 'tres'],
    [/\be\b/g, 'y'],
    [/\bsim\b/g, 'si'],
    [/\b(?:ola|oi)\b/g, 'hola'],
    [/\bobrigad[oa]\b/g, 'gracias'],
  ],
};

/** A customer text in the Spanish the rules read (accents folded; names keep their capitals). */
export function toSpanish(text: string, language: Language): string {
  if (language === 'es') return text;
  // Fold accents but keep case: "Size M" keeps its capital M.
  let out = [...text].map((ch) => (fold(ch) === ch.toLowerCase() ? ch : fold(ch))).join('');
  for (const [pattern, spanish] of INBOUND[language]) {
    out = out.replace(new RegExp(pattern.source, 'gi'), spanish);
  }
  return out;
}

/** The agent's fixed sentences: [Spanish, English, Portuguese]. Longer first. */
const SENTENCES: Array<[string, string, string]> = [
  [
    '¿Querés sumar algo más? Si ya está, ¿cómo preferís recibirlo: envío a domicilio o retiro en el local?',
    'Anything else? If not, how would you like to get it: home delivery or pick-up at the store?',
    'Quer mais alguma coisa? Se não, como prefere receber: entrega em casa ou retirada na loja?',
  ],
  [
    '¿Querés sumar algo más o te paso el resumen para confirmar?',
    'Anything else, or shall I send you the summary to confirm?',
    'Quer mais alguma coisa ou te mando o resumo para confirmar?',
  ],
  [
    'Revisá el resumen 👆 y respondé «sí, confirmo» para cerrar el pedido, o decime qué querés cambiar.',
    'Check the summary 👆 and reply «yes» to place the order, or tell me what to change.',
    'Confira o resumo 👆 e responda «sim» para fechar o pedido, ou me diga o que quer mudar.',
  ],
  [
    'Cuando hagas el pago, mandame el comprobante por acá y lo registramos.',
    'When you pay, send me the receipt here and we will record it.',
    'Quando fizer o pagamento, me mande o comprovante por aqui que registramos.',
  ],
  [
    '¿Cuál te gusta? Decime talle, color y cuántas querés.',
    'Which one do you like? Tell me size, colour and how many.',
    'Qual você gosta? Me diga tamanho, cor e quantas quer.',
  ],
  [
    'Te puedo mandar el catálogo o buscarte algo en particular.',
    'I can send you the catalogue or look for something in particular.',
    'Posso te mandar o catálogo ou procurar algo em especial.',
  ],
  ['¿Qué estás buscando?', 'What are you looking for?', 'O que você está procurando?'],
  ['Bienvenido/a a', 'Welcome to', 'Bem-vindo/a à'],
  ['quedó confirmado 🎉', 'is confirmed 🎉', 'está confirmado 🎉'],
  ['Tu pedido por ahora:', 'Your order so far:', 'Seu pedido até agora:'],
  ['Tengo estas opciones:', 'Here is what I have:', 'Tenho estas opções:'],
  ['Tengo varias opciones:', 'I have several options:', 'Tenho várias opções:'],
  ['¿Cuál querés?', 'Which one do you want?', 'Qual você quer?'],
  ['¿En qué talle querés', 'Which size do you want for', 'Qual tamanho você quer de'],
  ['¿De qué color querés', 'Which colour do you want for', 'Qual cor você quer de'],
  ['¿A nombre de quién va el pedido?', 'Who is the order for (name)?', 'Em nome de quem vai o pedido?'],
  ['¿Me pasás la dirección?', 'What is the address?', 'Qual é o endereço?'],
  ['¿Cómo preferís recibirlo?', 'How would you like to get it?', 'Como prefere receber?'],
  ['Retiro en el local', 'Pick-up at the store', 'Retirada na loja'],
  ['Tengo ', 'I have ', 'Tenho '],
  ['Te agregué', 'I added', 'Adicionei'],
  ['Tu pedido', 'Your order', 'Seu pedido'],
  ['Anotado', 'Noted', 'Anotado'],
  ['Envío a', 'Delivery to', 'Entrega em'],
  ['¡Listo!', 'Done!', 'Pronto!'],
  ['¡Hola', 'Hi', 'Olá'],
  ['talle', 'size', 'tamanho'],
  [' o ', ' or ', ' ou '],
];

const INDEX: Readonly<Record<Language, 0 | 1 | 2>> = { es: 0, en: 1, pt: 2 };

function swap(text: string, from: Language, to: Language): string {
  if (from === to) return text;
  let out = text;
  for (const sentence of SENTENCES) out = out.split(sentence[INDEX[from]]).join(sentence[INDEX[to]]);
  return out;
}

/** The agent's Spanish reply in the customer's language. */
export const fromSpanish = (text: string, language: Language): string => swap(text, 'es', language);

/** An earlier reply of the agent back in Spanish, for the rules that read it. */
export const backToSpanish = (text: string): string => swap(swap(text, 'en', 'es'), 'pt', 'es');
