/**
 * Agent actions that wait for an operator (`requiresApproval` tools such as `adjust_stock`): the
 * executor stores the tool and its validated input as a PENDING approval instead of running it.
 * Approving runs the tool's own `run` with the stored input — the same retail functions, so the
 * write is audited like any other — and records its result; rejecting only records the decision.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client';
import { agentSessions, approvals } from '../../db/schema';
import { recordAudit } from '../core/audit/record';
import { decodeCursor, toPage, type Page } from '../core/pagination';
import { fail, ok, type Result } from '../core/result';
import type { AgentTool, ToolContext, ToolDeps } from './tools/types';

type ApprovalRow = typeof approvals.$inferSelect;
export type ApprovalStatus = ApprovalRow['status'];

export interface Approval {
  id: string;
  sessionId: string | null;
  tool: string;
  input: unknown;
  reason: string | null;
  status: ApprovalStatus;
  result: unknown;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const toApproval = ({ workspaceId: _ws, ...row }: ApprovalRow): Approval => row;

export async function listApprovals(
  { db }: { db: Database },
  input: { workspaceId: string; status?: ApprovalStatus; limit: number; cursor?: string },
): Promise<Page<Approval>> {
  const before = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.workspaceId, input.workspaceId),
        input.status ? eq(approvals.status, input.status) : undefined,
        before ? lt(approvals.id, before) : undefined,
      ),
    )
    .orderBy(desc(approvals.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(toApproval), nextCursor: page.nextCursor };
}

export type DecideFailure = 'NOT_FOUND' | 'ALREADY_DECIDED' | 'UNKNOWN_TOOL' | 'INVALID_INPUT' | 'TOOL_FAILED';

export interface DecideInput {
  workspaceId: string;
  approvalId: string;
  userId: string;
  /** Why the operator decided so (kept in the audit trail). */
  note?: string;
}

export interface ApprovalDeps extends ToolDeps {
  /** The agent's tools by name (the registry in ./tools). */
  toolByName(name: string): AgentTool | undefined;
  now?: () => Date;
}

/** The request, locked for the decision; a decided one is ALREADY_DECIDED. */
async function lockPending(tx: Tx, input: DecideInput): Promise<Result<ApprovalRow, 'NOT_FOUND' | 'ALREADY_DECIDED'>> {
  const [row] = await tx
    .select()
    .from(approvals)
    .where(and(eq(approvals.workspaceId, input.workspaceId), eq(approvals.id, input.approvalId)))
    .for('update');
  if (!row) return fail('NOT_FOUND', 'Approval not found');
  if (row.status !== 'PENDING') return fail('ALREADY_DECIDED', `The request was already ${row.status.toLowerCase()}`);
  return ok(row);
}

/**
 * Approves a PENDING request: runs the tool with its stored input, then marks it APPROVED with the
 * tool's result, in one transaction holding the approval's row lock (two operators approving at
 * once run it once: the second finds it decided). A tool that fails leaves the request PENDING
 * and answers TOOL_FAILED with the tool's error, so the operator can reject it instead.
 */
export async function approveRequest(deps: ApprovalDeps, input: DecideInput): Promise<Result<Approval, DecideFailure>> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx): Promise<Result<Approval, DecideFailure>> => {
    const pending = await lockPending(tx, input);
    if (!pending.ok) return pending;
    const row = pending.value;
    const tool = deps.toolByName(row.tool);
    if (!tool) return fail('UNKNOWN_TOOL', `No tool named ${row.tool}`);
    const parsed = tool.input.safeParse(row.input);
    if (!parsed.success) return fail('INVALID_INPUT', `The stored input no longer fits ${row.tool}`);

    const [session] = row.sessionId
      ? await tx
          .select()
          .from(agentSessions)
          .where(and(eq(agentSessions.workspaceId, input.workspaceId), eq(agentSessions.id, row.sessionId)))
      : [];
    const ctx: ToolContext = {
      workspaceId: input.workspaceId,
      sessionId: row.sessionId ?? `approval:${row.id}`,
      customerId: session?.customerId ?? null,
      draftOrderId: session?.draftOrderId ?? null,
      state: session?.state ?? 'IDLE',
      now,
      lastCustomerMessage: { text: null, buttonId: null },
    };
    // The tool writes through its own transaction; this one only holds the approval's lock.
    const outcome = await tool.run({ db: deps.db, files: deps.files }, ctx, parsed.data);
    if (!outcome.ok)
      return fail('TOOL_FAILED', outcome.error.message, { code: outcome.error.code, details: outcome.error.details });

    const [updated] = await tx
      .update(approvals)
      .set({
        status: 'APPROVED',
        result: outcome.data ?? null,
        decidedBy: input.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(approvals.id, row.id))
      .returning();
    const approval = toApproval(updated!);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: { type: 'user', id: input.userId },
      action: 'approval.approve',
      entityType: 'approval',
      entityId: row.id,
      before: toApproval(row),
      after: { ...approval, note: input.note ?? null },
    });
    return ok(approval);
  });
}

/** Rejects a PENDING request: nothing runs; the decision is recorded and audited. */
export async function rejectRequest(
  deps: { db: Database; now?: () => Date },
  input: DecideInput,
): Promise<Result<Approval, 'NOT_FOUND' | 'ALREADY_DECIDED'>> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx): Promise<Result<Approval, 'NOT_FOUND' | 'ALREADY_DECIDED'>> => {
    const pending = await lockPending(tx, input);
    if (!pending.ok) return pending;
    const row = pending.value;
    const [updated] = await tx
      .update(approvals)
      .set({
        status: 'REJECTED',
        result: input.note ? { note: input.note } : null,
        decidedBy: input.userId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(approvals.id, row.id))
      .returning();
    const approval = toApproval(updated!);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: { type: 'user', id: input.userId },
      action: 'approval.reject',
      entityType: 'approval',
      entityId: row.id,
      before: toApproval(row),
      after: approval,
    });
    return ok(approval);
  });
}
