/**
 * The offline agent: a deterministic, rule-based Spanish (rioplatense) shop assistant behind the
 * same `LlmProvider` interface as Claude, used whenever `ANTHROPIC_API_KEY` is unset. It reads the
 * customer's last message, the conversation snapshot and this turn's tool results, and answers
 * like a model would: one real `tool_use` at a time (the turn loop runs the tool and sends the
 * result back), then a final text. No shortcut around the tools: it knows products, prices and
 * stock only from what the tools returned.
 *
 * Deterministic: the same request gives the same response, tool_use ids included (they hash the
 * request). `understood: false` marks the polite "no te entendí" reply, which the Conversation
 * counts as a failure. Rules: offline/intents.ts (what the customer wants), offline/slots.ts
 * (quantities, talles, colours, addresses, amounts), offline/planner.ts (the steps of each
 * intent), offline/phrasing.ts (what it says).
 */
import { plan } from './offline/planner';
import { fromSpanish } from './offline/language';
import { shopFacts } from './offline/shop';
import { readTurn } from './offline/turn';
import type { ConversationSnapshot, LlmProvider, LlmRequest, LlmResponse } from './provider';

export const OFFLINE_MODEL = 'offline-rules-1';

/** Facts to decide from when the request carries no snapshot (e.g. a summary request). */
const NO_SNAPSHOT: ConversationSnapshot = {
  state: 'IDLE',
  storeName: 'la tienda',
  currency: 'ARS',
  customer: { id: null, name: null, returning: false },
  draft: null,
  consecutiveFailures: 0,
};

/** FNV-1a over the text, two seeds: a stable 16-hex-digit fingerprint. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

const ZERO_USAGE = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

export class OfflineProvider implements LlmProvider {
  readonly name = 'offline' as const;

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const id = fingerprint(JSON.stringify([request.messages, request.snapshot ?? null]));
    if (request.tier === 'cheap') return this.summarise(request, id);
    const view = readTurn(request);
    const action = plan(view, request.snapshot ?? NO_SNAPSHOT, shopFacts(request.system));
    const available = new Set(request.tools.map((t) => t.name));
    const base = { usage: ZERO_USAGE, model: OFFLINE_MODEL, requestId: `offline_${id}` };
    if (action.type === 'tool' && (available.size === 0 || available.has(action.name))) {
      return {
        ...base,
        content: [{ type: 'tool_use', id: `toolu_offline_${id}`, name: action.name, input: action.input }],
        stopReason: 'tool_use',
        understood: true,
      };
    }
    const spanish =
      action.type === 'reply' ? action.text : 'Perdón, ahora no puedo hacer eso. ¿Te paso con una persona?';
    const text = fromSpanish(spanish, view.language ?? 'es');
    const understood = action.type === 'reply' ? action.understood : true;
    return { ...base, content: [{ type: 'text', text }], stopReason: 'end_turn', understood };
  }

  /**
   * The cheap tier writes running summaries of older turns: offline, the customer's messages
   * themselves, newest last, trimmed.
   */
  private summarise(request: LlmRequest, id: string): LlmResponse {
    const said = request.messages
      .filter((m) => m.role === 'user')
      .flatMap((m) => m.content.flatMap((b) => (b.type === 'text' ? [b.text.trim()] : [])))
      .filter(Boolean);
    const text = said.length ? `El cliente escribió: ${said.slice(-10).join(' / ')}`.slice(0, 1500) : 'Sin novedades.';
    return {
      content: [{ type: 'text', text }],
      stopReason: 'end_turn',
      usage: ZERO_USAGE,
      model: OFFLINE_MODEL,
      requestId: `offline_${id}`,
    };
  }
}
