/**
 * Runs one `tool_use` of the model: finds the tool, checks the conversation's state, validates
 * the input, asks for approval when the tool needs it, runs it with a time limit, and records
 * the execution in `tool_executions`. It never throws for anything the model or a tool did: the
 * model always gets a structured result back.
 *
 * Exactly once per (session, tool_use id). A tool runs inside one transaction together with the
 * insert of its `tool_executions` row, so its writes commit if and only if the execution is
 * recorded. A replay after an eviction (same tool_use id) finds the row and answers the recorded
 * outcome without running anything; a run cut short never committed, so running it again is
 * safe. (R2 objects a rolled-back run wrote stay behind, unreferenced.)
 */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { approvals, toolExecutions, type TOOL_EXECUTION_STATUSES } from '../../../db/schema';
import { createLogger, type Logger } from '../../core/observability/logger';
import type { ToolResultBlock } from '../llm/provider';
import { asDatabase } from './draft';
import { toolByName } from './registry';
import type { AgentTool, ToolContext, ToolDeps, ToolOutcome } from './types';

export type ToolExecutionStatus = (typeof TOOL_EXECUTION_STATUSES)[number];

/** The unique (session, tool_use id) index: a second recording of one tool_use hits it. */
const RECORDED = 'tool_executions_session_tool_use_key';

/** How long a timed-out tool's rollback may take before the executor answers anyway. */
const ROLLBACK_GRACE_MS = 1_000;

/** Per-tool time limit (plan 1.7). */
export const TOOL_TIMEOUT_MS = 30_000;

export interface ExecuteToolInput {
  deps: ToolDeps;
  ctx: ToolContext;
  toolUse: { id: string; name: string; input: unknown };
  /** The provider's id of the response that asked for the tool, recorded with the execution. */
  llmRequestId: string | null;
  turnId: string | null;
  /** The tools to look the name up in (default: the registry). */
  tools?: readonly AgentTool[];
  timeoutMs?: number;
  logger?: Logger;
}

export interface ToolExecution {
  executionId: string;
  status: ToolExecutionStatus;
  outcome: ToolOutcome;
  /**
   * The call counts toward the conversation's consecutive failures: the agent misused a tool
   * (unknown name, wrong state, invalid input) or the tool broke (error, timeout). A business
   * refusal the agent can talk through (INSUFFICIENT_STOCK, NOT_CONFIRMED_BY_CUSTOMER, …) does not.
   */
  failed: boolean;
  /** True when this tool_use id had already been executed: its recorded outcome, nothing re-run. */
  replayed: boolean;
  durationMs: number;
  /** The `tool_result` block to send back to the model. */
  result: ToolResultBlock;
}

/** What a row stores: the outcome with its error (or data) in JSON form. */
type StoredOutput = Omit<Extract<ToolOutcome, { ok: true }>, 'ok'>;
type StoredError = Extract<ToolOutcome, { ok: false }>['error'] &
  Omit<Extract<ToolOutcome, { ok: false }>, 'ok' | 'error'>;

class ToolTimeout extends Error {
  constructor(readonly ms: number) {
    super(`tool exceeded ${ms} ms`);
    this.name = 'ToolTimeout';
  }
}

/** A failure the agent caused or the tool suffered, as opposed to a business refusal. */
const MALFUNCTION_CODES = new Set(['UNKNOWN_TOOL', 'NOT_ALLOWED', 'INVALID_INPUT', 'TIMEOUT', 'INTERNAL']);

const fail = (code: string, message: string, details?: unknown): Extract<ToolOutcome, { ok: false }> => ({
  ok: false,
  error: { code, message, ...(details === undefined ? {} : { details }) },
});

/** JSON in, JSON out: a fresh outcome looks exactly like one read back from the database. */
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function toStored(outcome: ToolOutcome): { output: StoredOutput | null; error: StoredError | null } {
  if (outcome.ok) {
    const { ok: _ok, ...output } = outcome;
    return { output, error: null };
  }
  const { ok: _ok, error, ...rest } = outcome;
  return { output: null, error: { ...error, ...rest } };
}

function fromStored(row: typeof toolExecutions.$inferSelect): ToolOutcome {
  if (row.error) {
    const { code, message, details, event, events, effects } = row.error as StoredError;
    return {
      ok: false,
      error: { code, message, ...(details === undefined ? {} : { details }) },
      ...(event ? { event } : {}),
      ...(events ? { events } : {}),
      ...(effects ? { effects } : {}),
    };
  }
  return { ok: true, ...((row.output ?? { data: null }) as StoredOutput) };
}

function resultBlock(toolUseId: string, outcome: ToolOutcome): ToolResultBlock {
  if (outcome.ok) return { type: 'tool_result', toolUseId, content: JSON.stringify(outcome.data ?? null) };
  return { type: 'tool_result', toolUseId, content: JSON.stringify({ error: outcome.error }), isError: true };
}

function execution(row: typeof toolExecutions.$inferSelect, replayed: boolean): ToolExecution {
  const outcome = fromStored(row);
  return {
    executionId: row.id,
    status: row.status,
    outcome,
    failed: !outcome.ok && MALFUNCTION_CODES.has(outcome.error.code),
    replayed,
    durationMs: row.durationMs,
    result: resultBlock(row.toolUseId, outcome),
  };
}

async function findExecution(db: DbOrTx, sessionId: string, toolUseId: string) {
  const [row] = await db
    .select()
    .from(toolExecutions)
    .where(and(eq(toolExecutions.sessionId, sessionId), eq(toolExecutions.toolUseId, toolUseId)));
  return row;
}

/** One deadline shared by the tool and its transaction; `clear` once the work is over. */
function deadline(ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolTimeout(ms)), ms);
  });
  // Nobody may be listening when it fires after the work settled.
  expired.catch(() => {});
  return { race: <T>(work: Promise<T>) => Promise.race([work, expired]), clear: () => clearTimeout(timer) };
}

/**
 * Executes the model's `tool_use` once (see the file comment): a repeated id answers the
 * recorded outcome with `replayed: true`. Unknown tools, states the tool is not allowed in and
 * invalid inputs come back as structured errors; a tool needing approval records a PENDING
 * approval instead of running.
 */
export async function executeTool(input: ExecuteToolInput): Promise<ToolExecution> {
  const { deps, ctx, toolUse } = input;
  const logger = input.logger ?? createLogger({ base: { component: 'agent.tools' } });
  const previous = await findExecution(deps.db, ctx.sessionId, toolUse.id);
  if (previous) return execution(previous, true);

  const started = Date.now();
  const record = async (
    db: DbOrTx,
    status: ToolExecutionStatus,
    outcome: ToolOutcome,
  ): Promise<typeof toolExecutions.$inferSelect> => {
    const [row] = await db
      .insert(toolExecutions)
      .values({
        id: newId('tex'),
        workspaceId: ctx.workspaceId,
        sessionId: ctx.sessionId,
        turnId: input.turnId,
        toolUseId: toolUse.id,
        tool: toolUse.name,
        input: toolUse.input ?? null,
        ...toStored(asJson(outcome)),
        status,
        durationMs: Date.now() - started,
        llmRequestId: input.llmRequestId,
      })
      .returning();
    return row!;
  };
  /** Records outside any tool transaction; a concurrent duplicate finds the first recording. */
  const recordAlone = async (status: ToolExecutionStatus, outcome: ToolOutcome) => {
    try {
      return execution(await record(deps.db, status, outcome), false);
    } catch (error) {
      const first = isUniqueViolation(error, RECORDED)
        ? await findExecution(deps.db, ctx.sessionId, toolUse.id)
        : undefined;
      if (first) return execution(first, true);
      throw error;
    }
  };

  const tool = (input.tools ? input.tools.find((t) => t.name === toolUse.name) : toolByName(toolUse.name)) ?? null;
  if (!tool) return recordAlone('ERROR', fail('UNKNOWN_TOOL', `There is no tool named ${toolUse.name}.`));
  if (!tool.allowedStates.includes(ctx.state)) {
    return recordAlone(
      'NOT_ALLOWED',
      fail('NOT_ALLOWED', `${tool.name} cannot be used while the conversation is ${ctx.state}.`, {
        state: ctx.state,
        allowedStates: tool.allowedStates,
      }),
    );
  }
  const parsed = tool.input.safeParse(toolUse.input ?? {});
  if (!parsed.success) {
    return recordAlone(
      'INVALID_INPUT',
      fail('INVALID_INPUT', `The input of ${tool.name} is invalid; fix it and call the tool again.`, {
        issues: parsed.error.issues.map((i: z.core.$ZodIssue) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
        })),
      }),
    );
  }

  if (tool.requiresApproval) return requestApproval(input, tool, parsed.data, record);

  // The deadline stops the tool inside its transaction (which then rolls back) and also bounds
  // the transaction itself, whose rollback would otherwise wait behind a hung query.
  const limit = deadline(input.timeoutMs ?? TOOL_TIMEOUT_MS);
  const work = deps.db.transaction(async (tx) => {
    const outcome = await limit.race(tool.run({ ...deps, db: asDatabase(tx) }, ctx, parsed.data));
    return record(tx, outcome.ok ? 'OK' : 'ERROR', outcome);
  });
  try {
    const row = await limit.race(work);
    return execution(row, false);
  } catch (error) {
    if (error instanceof ToolTimeout) {
      // Let the rollback finish before answering, but not for long: behind a hung query it waits too.
      await Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, ROLLBACK_GRACE_MS))]);
      logger.warn('tool timed out', { tool: tool.name, toolUseId: toolUse.id, sessionId: ctx.sessionId, ms: error.ms });
      return recordAlone(
        'TIMEOUT',
        fail('TIMEOUT', `${tool.name} did not finish in ${error.ms} ms; nothing was changed.`),
      );
    }
    if (isUniqueViolation(error, RECORDED)) {
      // The same tool_use ran concurrently and recorded first; ours rolled back.
      const first = await findExecution(deps.db, ctx.sessionId, toolUse.id);
      if (first) return execution(first, true);
    }
    logger.error('tool failed', { tool: tool.name, toolUseId: toolUse.id, sessionId: ctx.sessionId, error });
    return recordAlone('ERROR', fail('INTERNAL', `${tool.name} failed unexpectedly; nothing was changed.`));
  } finally {
    limit.clear();
  }
}

/** Records a PENDING approval with the validated input instead of running the tool; the model is told to wait. */
async function requestApproval(
  input: ExecuteToolInput,
  tool: AgentTool,
  toolInput: unknown,
  record: (
    db: DbOrTx,
    status: ToolExecutionStatus,
    outcome: ToolOutcome,
  ) => Promise<typeof toolExecutions.$inferSelect>,
): Promise<ToolExecution> {
  const { deps, ctx } = input;
  const approvalId = newId('apr');
  const reason = toolInput && typeof toolInput === 'object' && 'reason' in toolInput ? String(toolInput.reason) : null;
  const outcome: ToolOutcome = {
    ok: true,
    data: {
      pendingApproval: true,
      approvalId,
      message: `${tool.name} needs an operator's approval; nothing has changed yet. Tell the customer a person will review it.`,
    },
  };
  try {
    const row = await deps.db.transaction(async (tx) => {
      await tx.insert(approvals).values({
        id: approvalId,
        workspaceId: ctx.workspaceId,
        sessionId: ctx.sessionId,
        tool: tool.name,
        input: toolInput as Record<string, unknown>,
        reason,
        status: 'PENDING',
      });
      return record(tx, 'PENDING_APPROVAL', outcome);
    });
    return execution(row, false);
  } catch (error) {
    const first = isUniqueViolation(error, RECORDED)
      ? await findExecution(deps.db, ctx.sessionId, input.toolUse.id)
      : undefined;
    if (first) return execution(first, true);
    throw error;
  }
}
