/**
 * The context builder (plan 1.9): turns the workspace, the conversation's facts and its
 * transcript into one `LlmRequest`. Pure — no I/O — so every rule below is unit-tested:
 *
 * - `system` is the workspace's stable prompt (cached); `turnContext` carries this turn's facts:
 *   date and time, FSM state and what to do in it, customer, draft, running summary.
 * - The transcript is cut into turns (a turn starts at a customer or system message and holds
 *   the agent's tool calls, their results and its replies). The newest turns that fit the token
 *   budget are kept, the newest always; a tool_use is never separated from its tool_result.
 * - Turns that do not fit are returned as `dropped`, for `summarize` to fold into the running
 *   summary (see summary.ts); turns the summary already covers are not sent again.
 */
import type { agentMessages } from '../../db/schema';
import type { CustomerContext } from '../retail/customers/detail';
import { STATE_GUIDANCE, renderSystemPrompt } from './prompts/system';
import type {
  ContentBlock,
  ConversationSnapshot,
  LlmMessage,
  LlmRequest,
  ToolResultBlock,
  ToolSpec,
} from './llm/provider';
import { formatMoney } from './money';
import { agentProfile } from './settings';
import type { WorkspaceSettings } from '../../db/schema';

/**
 * The transcript as stored in `agent_messages`. For `tool_call` rows `toolCalls` holds the
 * assistant's content blocks exactly as the provider returned them (text, reasoning, tool_use);
 * for `tool_result` rows it holds the `ToolResultBlock`s sent back.
 */
export type TranscriptRow = Pick<
  typeof agentMessages.$inferSelect,
  'id' | 'direction' | 'role' | 'type' | 'content' | 'media' | 'toolCalls'
>;

/** The summary of the turns that fell out of the window, and the last message it covers. */
export interface RunningSummary {
  text: string;
  throughMessageId: string;
}

export interface ContextInput {
  storeName: string;
  settings: Partial<WorkspaceSettings> | null;
  snapshot: ConversationSnapshot;
  /** Oldest first; the customer's newest message last. */
  transcript: readonly TranscriptRow[];
  summary: RunningSummary | null;
  tools: readonly ToolSpec[];
  /** What `getCustomerContext` returned for the conversation's customer, if identified. */
  customer?: CustomerContext | null;
  now: Date;
  /** Token budget for the transcript (estimated). */
  budgetTokens?: number;
  maxTokens?: number;
}

/** A turn of the transcript: its messages and the rows they came from. */
export interface TranscriptTurn {
  messages: LlmMessage[];
  rowIds: string[];
  tokens: number;
}

export interface BuiltContext {
  request: LlmRequest;
  /** Oldest first: turns left out for lack of room and not yet in the summary. */
  dropped: TranscriptTurn[];
  /** Estimated tokens of the kept transcript. */
  transcriptTokens: number;
}

export const DEFAULT_TRANSCRIPT_BUDGET = 8_000;
export const DEFAULT_MAX_TOKENS = 1_024;

/** Builds the request for the next model call of a turn. */
export function buildContext(input: ContextInput): BuiltContext {
  const profile = agentProfile(input.settings);
  const budget = input.budgetTokens ?? DEFAULT_TRANSCRIPT_BUDGET;
  const turns = toTurns(unsummarized(input.transcript, input.summary));

  let start = turns.length;
  let used = 0;
  while (start > 0) {
    const turn = turns[start - 1]!;
    if (start < turns.length && used + turn.tokens > budget) break;
    used += turn.tokens;
    start--;
  }
  const kept = turns.slice(start).flatMap((turn) => turn.messages);

  return {
    request: {
      tier: 'primary',
      system: renderSystemPrompt({ ...profile, storeName: input.storeName }),
      turnContext: renderTurnContext(input, profile.timezone),
      messages: startWithUser(mergeRoles(kept)),
      tools: [...input.tools],
      maxTokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
      snapshot: input.snapshot,
    },
    dropped: turns.slice(0, start),
    transcriptTokens: used,
  };
}

/** Tokens of text, estimated: ≈ 3 characters per token for Spanish on current Claude tokenizers. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** Estimated tokens of a message, with a small overhead per block for the wire format. */
export function messageTokens(message: LlmMessage): number {
  return message.content.reduce((sum, block) => sum + 4 + estimateTokens(blockText(block)), 4);
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'tool_use':
      return block.name + JSON.stringify(block.input ?? null);
    case 'tool_result':
      return block.content;
    case 'thinking':
      return block.thinking + block.signature;
    case 'redacted_thinking':
      return block.data;
  }
}

function unsummarized(rows: readonly TranscriptRow[], summary: RunningSummary | null): readonly TranscriptRow[] {
  if (!summary) return rows;
  const index = rows.findIndex((row) => row.id === summary.throughMessageId);
  if (index >= 0) return rows.slice(index + 1);
  // The window starts after the summarised message, or ids sort by time (ULID) otherwise.
  return rows.filter((row) => row.id > summary.throughMessageId);
}

/** Splits the transcript into turns; a turn starts at each customer/system message. */
export function toTurns(rows: readonly TranscriptRow[]): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  for (const row of rows) {
    const message = toMessage(row);
    if (!message) continue;
    const startsTurn = message.role === 'user' && !message.content.some((b) => b.type === 'tool_result');
    let turn = turns.at(-1);
    if (!turn || startsTurn) {
      turn = { messages: [], rowIds: [], tokens: 0 };
      turns.push(turn);
    }
    turn.messages.push(message);
    turn.rowIds.push(row.id);
    turn.tokens += messageTokens(message);
  }
  turns.forEach((turn, index) => {
    // Reasoning is bound to the exact prompt it was written under, and this turn's prompt
    // differs (new turn context), so only a turn still in flight keeps its reasoning blocks.
    const inFlight = index === turns.length - 1 && endsWithToolResults(turn.messages);
    const messages = inFlight ? turn.messages : turn.messages.map(withoutReasoning);
    turn.messages = pairTools(mergeRoles(messages));
  });
  return turns;
}

function endsWithToolResults(messages: readonly LlmMessage[]): boolean {
  const last = messages.at(-1);
  return last?.role === 'user' && last.content.some((b) => b.type === 'tool_result');
}

function withoutReasoning(message: LlmMessage): LlmMessage {
  return {
    ...message,
    content: message.content.filter((b) => b.type !== 'thinking' && b.type !== 'redacted_thinking'),
  };
}

/** One transcript row as the model sees it, or null when it has nothing for the model. */
export function toMessage(row: TranscriptRow): LlmMessage | null {
  if (row.type === 'tool_call') {
    const blocks = storedBlocks(row.toolCalls).filter(
      (b): b is Exclude<ContentBlock, ToolResultBlock> => b.type !== 'tool_result',
    );
    if (row.content && !blocks.some((b) => b.type === 'text')) blocks.unshift({ type: 'text', text: row.content });
    return blocks.length > 0 ? { role: 'assistant', content: blocks } : null;
  }
  if (row.type === 'tool_result') {
    const blocks = storedBlocks(row.toolCalls).filter((b): b is ToolResultBlock => b.type === 'tool_result');
    return blocks.length > 0 ? { role: 'user', content: blocks } : null;
  }
  const text = describeRow(row);
  if (!text) return null;
  const role = row.role === 'agent' || row.role === 'operator' ? 'assistant' : 'user';
  return { role, content: [{ type: 'text', text }] };
}

function storedBlocks(value: unknown): ContentBlock[] {
  if (!Array.isArray(value)) return [];
  return value.filter((block): block is ContentBlock => {
    if (typeof block !== 'object' || block === null) return false;
    const b = block as Record<string, unknown>;
    switch (b.type) {
      case 'text':
        return typeof b.text === 'string';
      case 'tool_use':
        return typeof b.id === 'string' && typeof b.name === 'string';
      case 'tool_result':
        return typeof b.toolUseId === 'string' && typeof b.content === 'string';
      case 'thinking':
        return typeof b.thinking === 'string' && typeof b.signature === 'string';
      case 'redacted_thinking':
        return typeof b.data === 'string';
      default:
        return false;
    }
  });
}

/** What a customer, agent, operator or system message says, in words the model can use. */
function describeRow(row: TranscriptRow): string | null {
  const content = row.content?.trim() || null;
  if (row.role === 'operator') return content ? `[Mensaje de una persona del equipo] ${content}` : null;
  if (row.role === 'system' || row.type === 'event') return content ? `[Aviso del sistema] ${content}` : null;
  if (row.role !== 'customer') return content;
  const media = row.media ?? {};
  const caption = media.caption ? `: "${media.caption}"` : '';
  switch (row.type) {
    case 'text':
    case 'button':
    case 'interactive':
      return content;
    case 'image':
      return `[El cliente envió una imagen (mensaje ${row.id})${caption}]${content && content !== media.caption ? ` ${content}` : ''}`;
    case 'document':
      return `[El cliente envió un documento${media.filename ? ` "${media.filename}"` : ''} (mensaje ${row.id})${caption}]`;
    case 'location': {
      const place = [media.name, media.address].filter(Boolean).join(', ');
      const coords =
        media.latitude !== undefined && media.longitude !== undefined ? ` (${media.latitude}, ${media.longitude})` : '';
      return `[El cliente compartió una ubicación: ${place || 'sin dirección'}${coords}]`;
    }
    case 'audio':
    case 'video':
    case 'sticker':
      return `[El cliente envió un ${row.type === 'audio' ? 'audio' : row.type === 'video' ? 'video' : 'sticker'}, que no podés ver ni escuchar]`;
    case 'contact':
      return `[El cliente compartió un contacto${content ? `: ${content}` : ''}]`;
    default:
      return content ?? '[El cliente envió un mensaje que no se puede mostrar]';
  }
}

/** Consecutive messages of one role become one (tool results first, as the API requires). */
function mergeRoles(messages: readonly LlmMessage[]): LlmMessage[] {
  const merged: LlmMessage[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last && last.role === message.role) last.content = [...last.content, ...message.content];
    else merged.push({ role: message.role, content: [...message.content] });
  }
  for (const message of merged) {
    if (message.role === 'user') {
      message.content = [
        ...message.content.filter((b) => b.type === 'tool_result'),
        ...message.content.filter((b) => b.type !== 'tool_result'),
      ];
    }
  }
  return merged;
}

/**
 * Drops the halves of tool pairs whose other half is missing (a turn cut short by an error
 * leaves a tool_use without its result), which the API would refuse.
 */
function pairTools(messages: LlmMessage[]): LlmMessage[] {
  const out: LlmMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.role === 'assistant') {
      const next = messages[i + 1];
      const answered = new Set(
        next?.role === 'user' ? next.content.flatMap((b) => (b.type === 'tool_result' ? [b.toolUseId] : [])) : [],
      );
      message.content = message.content.filter((b) => b.type !== 'tool_use' || answered.has(b.id));
    } else {
      const prev = out.at(-1);
      const asked = new Set(
        prev?.role === 'assistant' ? prev.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : [],
      );
      message.content = message.content.filter((b) => b.type !== 'tool_result' || asked.has(b.toolUseId));
    }
    if (message.content.some((b) => b.type !== 'thinking' && b.type !== 'redacted_thinking')) out.push(message);
  }
  return out;
}

/** The Messages API wants the conversation to open with the user. */
function startWithUser(messages: LlmMessage[]): LlmMessage[] {
  if (messages[0]?.role !== 'assistant') return messages;
  return [{ role: 'user', content: [{ type: 'text', text: '[Continúa una conversación anterior]' }] }, ...messages];
}

/** This turn's facts, in Spanish, for the model. */
export function renderTurnContext(input: ContextInput, timezone: string): string {
  const { snapshot } = input;
  const lines = [
    `Ahora: ${localTime(input.now, timezone)}.`,
    `Estado de la conversación: ${snapshot.state}. ${STATE_GUIDANCE[snapshot.state]}`,
  ];
  if (snapshot.consecutiveFailures > 0) {
    lines.push(
      `No lograste resolver los últimos ${snapshot.consecutiveFailures} mensajes: si tampoco entendés este, ofrecé hablar con una persona.`,
    );
  }
  lines.push('', renderCustomer(input));
  lines.push('', renderDraft(snapshot));
  if (input.summary) lines.push('', `Resumen de la conversación anterior:\n${input.summary.text}`);
  return lines.join('\n');
}

function renderCustomer({ snapshot, customer }: ContextInput): string {
  const name = customer?.customer.name ?? snapshot.customer.name;
  const lines = [
    `Cliente: ${name ?? 'todavía no sabemos el nombre'}${snapshot.customer.returning ? ' (ya compró antes)' : ''}.`,
  ];
  if (!customer) return lines[0]!;
  const currency = snapshot.currency;
  if (customer.addresses.length > 0) {
    lines.push('Direcciones guardadas:');
    for (const a of customer.addresses.slice(0, 3)) {
      const street = [a.street, a.number].filter(Boolean).join(' ');
      const place = [street, a.apartment, a.city, a.province].filter(Boolean).join(', ');
      lines.push(`- ${place}${a.isDefault ? ' (principal)' : ''}`);
    }
  }
  if (customer.lastOrders.length > 0) {
    lines.push('Últimos pedidos:');
    for (const order of customer.lastOrders) {
      lines.push(`- #${order.number}: ${order.status}, ${formatMoney(order.total, order.currency || currency)}`);
    }
  }
  return lines.join('\n');
}

function renderDraft({ draft, currency }: ConversationSnapshot): string {
  if (!draft) return 'Pedido en curso: ninguno.';
  if (draft.items.length === 0) return 'Pedido en curso: abierto, todavía sin productos.';
  const lines = ['Pedido en curso:'];
  for (const item of draft.items) {
    const attributes = Object.values(item.attributes).filter(Boolean).join(', ');
    lines.push(
      `- ${item.quantity} × ${item.name}${attributes ? ` (${attributes})` : ''} [SKU ${item.sku}] a ${formatMoney(item.unitPrice, currency)} c/u`,
    );
  }
  lines.push(`Total: ${formatMoney(draft.total, currency)}.`);
  lines.push(`Datos de entrega: ${draft.deliveryComplete ? 'completos' : 'faltan'}.`);
  return lines.join('\n');
}

function localTime(now: Date, timezone: string): string {
  try {
    return new Intl.DateTimeFormat('es-AR', {
      timeZone: timezone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(now);
  } catch {
    return now.toISOString();
  }
}
