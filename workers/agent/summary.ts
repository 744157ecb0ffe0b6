/**
 * The running summary (plan 1.9): turns that no longer fit the context window are folded by the
 * cheap model into a short note, kept with the session and shown to the agent at the top of
 * every later turn. A failed summary never fails the customer's turn: the request is built
 * without the dropped turns and the previous summary stays.
 */
import {
  buildContext,
  type BuiltContext,
  type ContextInput,
  type RunningSummary,
  type TranscriptTurn,
} from './context';
import { SUMMARY_SYSTEM_PROMPT, renderSummaryRequest } from './prompts/summary';
import { LlmError, type ContentBlock, type LlmProvider, type LlmUsage } from './llm/provider';

/** Longest tool input or result quoted in the summary request. */
const QUOTE_LIMIT = 400;
const SUMMARY_MAX_TOKENS = 600;

export interface SummaryResult {
  text: string;
  usage: LlmUsage;
  model: string;
}

/** Folds `turns` into `previousSummary` with the cheap tier. Throws `LlmError` like any call. */
export async function summarize(
  provider: LlmProvider,
  previousSummary: string | null,
  turns: readonly TranscriptTurn[],
  signal?: AbortSignal,
): Promise<SummaryResult> {
  const response = await provider.complete({
    tier: 'cheap',
    system: SUMMARY_SYSTEM_PROMPT,
    messages: [
      { role: 'user', content: [{ type: 'text', text: renderSummaryRequest(previousSummary, renderTurns(turns)) }] },
    ],
    tools: [],
    maxTokens: SUMMARY_MAX_TOKENS,
    ...(signal ? { signal } : {}),
  });
  const text = response.content
    .flatMap((block) => (block.type === 'text' ? [block.text.trim()] : []))
    .filter(Boolean)
    .join('\n');
  if (!text) throw new LlmError('the summary came back empty', 'unknown', false);
  return { text, usage: response.usage, model: response.model };
}

/** The dropped turns as a plain transcript the summariser reads. */
export function renderTurns(turns: readonly TranscriptTurn[]): string {
  const lines: string[] = [];
  for (const turn of turns) {
    for (const message of turn.messages) {
      for (const block of message.content) {
        const line = renderBlock(message.role, block);
        if (line) lines.push(line);
      }
    }
  }
  return lines.join('\n');
}

function renderBlock(role: 'user' | 'assistant', block: ContentBlock): string | null {
  switch (block.type) {
    case 'text':
      return `${role === 'user' ? 'Cliente' : 'Asistente'}: ${block.text}`;
    case 'tool_use':
      return `(El asistente usó ${block.name} con ${quote(JSON.stringify(block.input ?? {}))})`;
    case 'tool_result':
      return `(Resultado${block.isError ? ' con error' : ''}: ${quote(block.content)})`;
    default:
      return null;
  }
}

function quote(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

export interface CompactedContext extends BuiltContext {
  /** The summary to keep with the session (unchanged when nothing was dropped or summarising failed). */
  summary: RunningSummary | null;
  /** The summary call's token use and model, for the turn's cost; null when there was none. */
  summaryUsage: { usage: LlmUsage; model: string } | null;
  /** Why summarising failed, when it did (the turn goes on without it). */
  summaryError: LlmError | null;
}

/**
 * Builds the turn's request, first folding into the summary the turns that do not fit the
 * budget. Call it once at the start of a turn; append the turn's steps to `request.messages`
 * rather than rebuilding, so the prompt (and the reasoning bound to it) stays the same.
 */
export async function buildContextWithSummary(
  provider: LlmProvider,
  input: ContextInput,
  signal?: AbortSignal,
): Promise<CompactedContext> {
  const first = buildContext(input);
  if (first.dropped.length === 0) return { ...first, summary: input.summary, summaryUsage: null, summaryError: null };
  try {
    const result = await summarize(provider, input.summary?.text ?? null, first.dropped, signal);
    const summary = { text: result.text, throughMessageId: first.dropped.at(-1)!.rowIds.at(-1)! };
    const rebuilt = buildContext({ ...input, summary });
    return { ...rebuilt, summary, summaryUsage: { usage: result.usage, model: result.model }, summaryError: null };
  } catch (error) {
    const summaryError = error instanceof LlmError ? error : new LlmError(String(error), 'unknown', false);
    return { ...first, summary: input.summary, summaryUsage: null, summaryError };
  }
}
