/**
 * One agent turn: a customer message in, the model and the tools in a loop (tool_use → run the
 * tool → tool_result back) until the model answers with text or the step limit, replies out.
 *
 * Durability: every step is written to the turn journal (the Conversation object's SQLite)
 * before the side effect that follows it — the model's response before its tools run, a tool's
 * outcome before it is applied to the conversation, the id of every message before it is
 * written. A turn cut short by an eviction is run again from the journal: journaled responses
 * are not asked again, journaled tool outcomes are not run again (and a tool that ran but whose
 * outcome was not journaled is answered from `tool_executions` by the executor's replay), and
 * messages are written with their journaled ids, so a repeat write is a no-op.
 */
import { log } from '../core/observability/logger';
import type { ConversationStore, OpenTurn } from './conversation/object-storage';
import { addUsage } from './llm/pricing';
import {
  LlmError,
  type ConversationSnapshot,
  type LlmMessage,
  type LlmRequest,
  type LlmResponse,
  type LlmUsage,
  type ToolResultBlock,
  type ToolUseBlock,
} from './llm/provider';
import type { NewMessage } from './conversation/postgres-mirror';
import type { OutboundMessage, ToolOutcome } from './tools/types';

/** Whole-turn bound: past it the customer gets a holding reply and the turn is recorded FAILED. */
export const TURN_TIMEOUT_MS = 60_000;
/** Model calls per turn. */
export const MAX_STEPS = 8;

/** What the customer reads when the model is unavailable (never the raw error). */
export const LLM_FALLBACK_REPLY =
  'Uy, perdón, tuve un problema para responderte recién. ¿Me escribís de nuevo en un ratito? 🙏';
/** What the customer reads when a turn runs past its time. */
export const HOLDING_REPLY = 'Dame un momento que lo reviso y te escribo 🙏';
/** What the customer reads when the model went round in circles without answering. */
export const STEP_LIMIT_REPLY = 'Perdón, me enredé un poco. ¿Me contás de nuevo qué necesitás?';

/** A tool call's result as the turn needs it (what the executor answers). */
export interface ToolRun {
  outcome: ToolOutcome;
  /** The call counts toward the conversation's consecutive failures (tool misused or broken). */
  failed: boolean;
  /** The `tool_result` block for the model. */
  result: ToolResultBlock;
}

/** How a turn starts: the request built once (see summary.ts), plus any token use spent building it. */
export interface TurnStartup {
  request: LlmRequest;
  /** Tokens spent before the first step (the running summary's cheap call). */
  usage: LlmUsage | null;
}

/** The side effects a turn performs, provided by the conversation. Each is idempotent by the ids it is given. */
export interface TurnHost {
  /**
   * Builds the turn's request from the conversation as it is now (transcript included). Called
   * once per turn: later steps append to its messages, so the prompt the model reasons under
   * stays the same.
   */
  begin(signal: AbortSignal): Promise<TurnStartup>;
  /** The conversation's facts now (state, draft), refreshed before every model call. */
  snapshot(): Promise<ConversationSnapshot>;
  complete(request: LlmRequest): Promise<LlmResponse>;
  execute(toolUse: ToolUseBlock, context: { turnId: string; llmRequestId: string | null }): Promise<ToolRun>;
  /** Applies a tool's FSM events and effects, and sends its outbound messages with the given ids. */
  apply(toolName: string, outcome: ToolOutcome, outboundIds: string[]): Promise<void>;
  /** Writes internal transcript rows (model steps, tool results). */
  record(messages: NewMessage[]): Promise<void>;
  /** Records and sends a reply to the customer. */
  reply(messageId: string, message: OutboundMessage): Promise<void>;
}

export interface TurnResult {
  status: 'COMPLETED' | 'FAILED';
  /** The turn counts as a failure for the consecutive-failures counter. */
  failed: boolean;
  reason: 'answered' | 'not_understood' | 'tools_failed' | 'llm_error' | 'timeout' | 'step_limit' | 'error';
  steps: number;
  model: string | null;
  usage: LlmUsage;
  error: string | null;
}

interface LlmStep {
  response: LlmResponse;
}

interface ToolStep {
  run: ToolRun;
  outboundIds: string[];
  applied: boolean;
}

class TurnTimeout extends Error {
  constructor() {
    super(`turn exceeded ${TURN_TIMEOUT_MS} ms`);
    this.name = 'TurnTimeout';
  }
}

/** Rejects with `TurnTimeout` as soon as `signal` aborts, whether or not `work` listens to it. */
function bounded<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TurnTimeout());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TurnTimeout());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? new TurnTimeout() : error);
      },
    );
  });
}

const textOf = (response: LlmResponse) =>
  response.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text.trim())
    .filter(Boolean)
    .join('\n\n');

export interface RunTurnOptions {
  timeoutMs?: number;
  maxSteps?: number;
  now?: () => number;
}

/** Runs (or resumes, from its journal) one turn; see the file comment for what it guarantees. */
export async function runTurn(
  host: TurnHost,
  journal: ConversationStore,
  turn: OpenTurn,
  options: RunTurnOptions = {},
): Promise<TurnResult> {
  const timeoutMs = options.timeoutMs ?? TURN_TIMEOUT_MS;
  const maxSteps = options.maxSteps ?? MAX_STEPS;
  let usage = addUsage();
  let model: string | null = null;
  let steps = 0;
  let toolsTried = 0;
  let toolsOk = 0;

  // A journaled id for each message, so a resumed turn writes the same rows.
  const idFor = (key: string): string => {
    const existing = journal.step<string>(turn.id, `id:${key}`);
    if (existing) return existing;
    const id = journal.newMessageId();
    journal.putStep(turn.id, `id:${key}`, id);
    return id;
  };
  const result = (
    status: TurnResult['status'],
    reason: TurnResult['reason'],
    error: string | null = null,
  ): TurnResult => ({
    status,
    failed: reason !== 'answered',
    reason,
    steps,
    model,
    usage,
    error,
  });

  // A resumed turn gets a fresh budget: the time lost to the eviction is not the customer's fault.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const { signal } = controller;
  try {
    let startup = journal.step<TurnStartup>(turn.id, 'request');
    if (!startup) {
      const begun = await bounded(host.begin(signal), signal);
      startup = { request: { ...begun.request, signal: undefined }, usage: begun.usage };
      journal.putStep(turn.id, 'request', startup);
    }
    if (startup.usage) usage = addUsage(usage, startup.usage);
    const messages: LlmMessage[] = [...startup.request.messages];

    for (let step = 0; step < maxSteps; step++) {
      let llm = journal.step<LlmStep>(turn.id, `llm:${step}`);
      if (!llm) {
        const snapshot = await bounded(host.snapshot(), signal);
        const request: LlmRequest = { ...startup.request, messages: [...messages], snapshot, signal };
        const response = await bounded(host.complete(request), signal);
        llm = { response };
        journal.putStep(turn.id, `llm:${step}`, llm);
      }
      steps = step + 1;
      usage = addUsage(usage, llm.response.usage);
      model = llm.response.model;
      const text = textOf(llm.response);
      const uses = llm.response.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');

      if (uses.length === 0) {
        if (text) await host.reply(idFor(`reply:${step}`), { type: 'text', text });
        if (llm.response.understood === false) return result('COMPLETED', 'not_understood');
        if (toolsTried > 0 && toolsOk === 0) return result('COMPLETED', 'tools_failed');
        return result('COMPLETED', 'answered');
      }

      await host.record([
        {
          id: idFor(`call:${step}`),
          direction: 'internal',
          role: 'agent',
          type: 'tool_call',
          content: text || null,
          toolCalls: llm.response.content,
          status: 'SENT',
        },
      ]);
      const results: ToolResultBlock[] = [];
      for (const use of uses) {
        let done = journal.step<ToolStep>(turn.id, `tool:${use.id}`);
        if (!done) {
          if (signal.aborted) throw new TurnTimeout();
          const run = await bounded(
            host.execute(use, { turnId: turn.id, llmRequestId: llm.response.requestId ?? null }),
            signal,
          );
          const outbound = run.outcome.ok ? (run.outcome.outbound ?? []) : [];
          done = { run, outboundIds: outbound.map(() => journal.newMessageId()), applied: false };
          journal.putStep(turn.id, `tool:${use.id}`, done);
        }
        if (!done.applied) {
          await host.apply(use.name, done.run.outcome, done.outboundIds);
          done.applied = true;
          journal.putStep(turn.id, `tool:${use.id}`, done);
        }
        toolsTried++;
        if (!done.run.failed) toolsOk++;
        results.push(done.run.result);
      }
      messages.push({ role: 'assistant', content: llm.response.content }, { role: 'user', content: results });
      await host.record([
        {
          id: idFor(`result:${step}`),
          direction: 'internal',
          role: 'tool',
          type: 'tool_result',
          content: null,
          toolCalls: results,
          status: 'SENT',
        },
      ]);
    }
    await host.reply(idFor('fallback'), { type: 'text', text: STEP_LIMIT_REPLY });
    return result('FAILED', 'step_limit', `no answer after ${maxSteps} model calls`);
  } catch (error) {
    if (error instanceof TurnTimeout) {
      log.warn('agent turn timed out', { turnId: turn.id, steps });
      await host.reply(idFor('fallback'), { type: 'text', text: HOLDING_REPLY });
      return result('FAILED', 'timeout', error.message);
    }
    if (error instanceof LlmError) {
      log.warn('agent turn: the model failed', { turnId: turn.id, kind: error.kind, message: error.message });
      await host.reply(idFor('fallback'), { type: 'text', text: LLM_FALLBACK_REPLY });
      return result('FAILED', 'llm_error', `${error.kind}: ${error.message}`);
    }
    // A bug or a failing dependency: the customer still gets an answer, the cause goes to the log.
    log.error('agent turn failed', { turnId: turn.id, error });
    await host.reply(idFor('fallback'), { type: 'text', text: LLM_FALLBACK_REPLY });
    return result('FAILED', 'error', error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
