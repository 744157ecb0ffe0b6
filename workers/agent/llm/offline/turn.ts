/**
 * How the offline agent reads a request: the customer message this turn answers (the last user
 * message with text), the tools it already called in this turn with their results, the earlier
 * customer messages and the agent's last reply before this turn.
 *
 * Media reach the model as text, as the context builder (../../context.ts) renders the
 * transcript: "[El cliente envió una imagen (mensaje msg_…): "caption"]", "[El cliente envió un
 * documento …]", "[El cliente compartió una ubicación: <lugar> (lat, lng)]", "[El cliente envió
 * un audio …]". Short markers are read too (`[image]`, `[document]`, `[location]`, 📷, 📍,
 * `[button] <id>`), for tests and other renderers. Operator messages and system notices in the
 * transcript are not the customer's words and are skipped.
 */
import type { ContentBlock, LlmMessage, LlmRequest } from '../provider';
import { backToSpanish, languageOf, toSpanish, type Language } from './language';
import { resolveReferences } from './references';

export interface CustomerMessage {
  /** What the customer wrote, without a media marker. */
  text: string;
  /** `unsupported`: audio, video or a sticker, which the agent cannot see or hear. */
  media: 'image' | 'document' | 'location' | 'unsupported' | null;
  buttonId: string | null;
  /** The transcript id of the media message, when the rendering names it. */
  messageId?: string;
  /** The text pointed at something the agent showed ("la segunda"), now replaced by its words. */
  referenced?: boolean;
}

/** A tool called earlier in this turn, with what it answered. */
export interface Step {
  name: string;
  input: Record<string, unknown>;
  ok: boolean;
  data: Record<string, unknown> | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
}

export interface TurnView {
  message: CustomerMessage;
  /** Earlier customer messages, newest first. */
  history: CustomerMessage[];
  /** The agent's last text before this turn (what the customer is answering). */
  lastAgentText: string | null;
  /** Every earlier text of the agent, newest first. */
  agentTexts: string[];
  /** The customer's language; their texts above are already in Spanish, the agent's back in Spanish. */
  language?: Language;
  steps: Step[];
}

const MEDIA_MARKERS: Array<[RegExp, CustomerMessage['media']]> = [
  [/^\s*(?:\[(?:image|imagen|foto|photo|sticker)\]|📷|🖼️?)\s*/iu, 'image'],
  [/^\s*(?:\[(?:document|documento|archivo|pdf|file)\]|📄|📎)\s*/iu, 'document'],
  [/^\s*(?:\[(?:location|ubicaci[oó]n)\]|📍)\s*/iu, 'location'],
];
const BUTTON = /^\s*\[(?:button|bot[oó]n)\]\s*(\S+)\s*(.*)$/iu;
/** The context builder's renderings (see the file comment). */
const RENDERED_FILE =
  /^\s*\[El cliente envió (una imagen|un documento)(?: "[^"]*")?(?: \(mensaje ([^)\s]+)\))?(?::\s*"(.*?)")?\]\s*(.*)$/su;
const RENDERED_LOCATION = /^\s*\[El cliente compartió una ubicación:\s*(.*)\]\s*$/su;
const RENDERED_UNSUPPORTED = /^\s*\[El cliente envió un (?:audio|video|sticker)\b.*\]\s*$/su;
/** Transcript lines that are not the customer's words. */
const NOT_CUSTOMER = /^\s*\[(?:Mensaje de una persona del equipo|Aviso del sistema)\]/u;

export function readCustomerMessage(raw: string): CustomerMessage {
  const file = RENDERED_FILE.exec(raw);
  if (file) {
    const text = [file[3], file[4]].filter(Boolean).join(' ').trim();
    return {
      text,
      media: file[1] === 'una imagen' ? 'image' : 'document',
      buttonId: null,
      ...(file[2] ? { messageId: file[2] } : {}),
    };
  }
  const location = RENDERED_LOCATION.exec(raw);
  if (location) return { text: location[1]!.replace(/^sin dirección/, '').trim(), media: 'location', buttonId: null };
  if (RENDERED_UNSUPPORTED.test(raw)) return { text: '', media: 'unsupported', buttonId: null };
  const button = BUTTON.exec(raw);
  if (button) return { text: button[2]!.trim() || button[1]!, media: null, buttonId: button[1]! };
  if (/^\s*confirm_(yes|no)\s*$/.test(raw)) return { text: raw.trim(), media: null, buttonId: raw.trim() };
  for (const [marker, media] of MEDIA_MARKERS) {
    const m = marker.exec(raw);
    if (m) return { text: raw.slice(m[0].length).trim(), media, buttonId: null };
  }
  return { text: raw.trim(), media: null, buttonId: null };
}

const textBlocks = (content: ContentBlock[]) =>
  content.filter((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text').map((b) => b.text);

const textOf = (content: ContentBlock[]) => textBlocks(content).join('\n').trim();

/**
 * The customer's words in a user message: several messages in a row arrive as several blocks
 * (their texts join, the last media counts); operator and system lines are left out.
 */
function customerMessageOf(content: ContentBlock[]): CustomerMessage | null {
  const parts = textBlocks(content)
    .filter((t) => t.trim() && !NOT_CUSTOMER.test(t))
    .map(readCustomerMessage);
  if (parts.length === 0) return null;
  const last = parts.at(-1)!;
  const media = parts.findLast((p) => p.media !== null);
  return {
    text: parts
      .map((p) => p.text)
      .filter(Boolean)
      .join('\n'),
    media: media?.media ?? null,
    buttonId: last.buttonId,
    ...(media?.messageId ? { messageId: media.messageId } : {}),
  };
}

function parseResult(content: string, isError: boolean | undefined): Pick<Step, 'ok' | 'data' | 'error'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { ok: false, data: null, error: { code: 'UNREADABLE', message: content } };
  }
  const record = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const error = record.error as Step['error'] | undefined;
  if (isError || (error && typeof error === 'object' && 'code' in error)) {
    return { ok: false, data: null, error: error ?? { code: 'ERROR', message: content } };
  }
  return { ok: true, data: record, error: null };
}

const hasText = (m: LlmMessage) => m.role === 'user' && customerMessageOf(m.content) !== null;

/** Reads the request: see the file comment. */
export function readTurn(request: Pick<LlmRequest, 'messages'>): TurnView {
  const { messages } = request;
  let current = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (hasText(messages[i]!)) {
      current = i;
      break;
    }
  }
  // The agent's replies, and for each customer message the replies before it (newest first).
  const raw: string[] = [];
  for (let i = current; i >= 0; i--) {
    const said = messages[i]!.role === 'user' ? customerMessageOf(messages[i]!.content) : null;
    if (said?.text) raw.push(said.text);
  }
  const language = languageOf(raw);
  const said: string[] = [];
  const repliesBefore = new Map<number, string[]>();
  for (let i = 0; i <= current; i++) {
    const m = messages[i]!;
    if (m.role === 'user') repliesBefore.set(i, [...said].reverse());
    else {
      const text = textOf(m.content);
      if (text) said.push(backToSpanish(text));
    }
  }
  const resolved = (i: number): CustomerMessage | null => {
    const read = customerMessageOf(messages[i]!.content);
    if (!read || !read.text) return read;
    const said = { ...read, text: toSpanish(read.text, language) };
    const [before = null, ...earlier] = repliesBefore.get(i) ?? [];
    const text = resolveReferences(said.text, before, earlier);
    return text === said.text ? said : { ...said, text, referenced: true };
  };
  const message = (current >= 0 ? resolved(current) : null) ?? readCustomerMessage('');

  const history: CustomerMessage[] = [];
  let lastAgentText: string | null = null;
  for (let i = current - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && lastAgentText === null && history.length === 0) {
      const text = textOf(m.content);
      if (text) lastAgentText = backToSpanish(text);
    }
    const said = m.role === 'user' ? resolved(i) : null;
    if (said) history.push(said);
  }
  const agentTexts = current >= 0 ? (repliesBefore.get(current) ?? []) : [];

  const steps: Step[] = [];
  const results = new Map<string, Pick<Step, 'ok' | 'data' | 'error'>>();
  for (const m of messages.slice(current + 1)) {
    for (const b of m.content)
      if (b.type === 'tool_result') results.set(b.toolUseId, parseResult(b.content, b.isError));
  }
  for (const m of messages.slice(current + 1)) {
    if (m.role !== 'assistant') continue;
    for (const b of m.content) {
      if (b.type !== 'tool_use') continue;
      const result = results.get(b.id) ?? { ok: false, data: null, error: { code: 'NO_RESULT', message: 'no result' } };
      steps.push({ name: b.name, input: (b.input ?? {}) as Record<string, unknown>, ...result });
    }
  }
  return { message, history, lastAgentText, agentTexts, language, steps };
}
