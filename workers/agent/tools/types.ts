/**
 * What a tool is: a name and description for the model, a zod input schema (validated before
 * it runs; JSON Schema exported from it), the FSM states it may run in, whether an operator
 * must approve it, and a `run` that calls the same `workers/retail` functions as the HTTP API.
 */
import type { z } from 'zod';
import type { Database } from '../../../db/client';
import type { SessionEvent, SessionState } from '../fsm';

export interface ToolContext {
  workspaceId: string;
  sessionId: string;
  /** Customer of the conversation (set once identified). */
  customerId: string | null;
  /** Current draft order, if any. */
  draftOrderId: string | null;
  state: SessionState;
  now: Date;
}

export interface ToolDeps {
  db: Database;
  files: R2Bucket;
}

/** Outcome of a tool: data for the model, plus what the conversation should remember or do. */
export type ToolOutcome<O = unknown> =
  | {
      ok: true;
      data: O;
      /** FSM event the Conversation applies after the tool succeeds (e.g. ITEMS_CHANGED). */
      event?: SessionEvent;
      /** Conversation fields the tool changed. */
      effects?: { draftOrderId?: string | null; customerId?: string; explicitYes?: boolean; handoffReason?: string };
      /** Outbound messages the tool produces besides the model's text (catalogue, buttons). */
      outbound?: OutboundMessage[];
    }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

export type OutboundMessage =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; caption?: string }
  | { type: 'document'; url: string; filename: string; caption?: string }
  | { type: 'buttons'; text: string; buttons: Array<{ id: string; title: string }> }
  | {
      type: 'list';
      text: string;
      button: string;
      sections: Array<{ title: string; rows: Array<{ id: string; title: string; description?: string }> }>;
    };

export interface AgentTool<I = unknown, O = unknown> {
  name: string;
  description: string;
  input: z.ZodType<I>;
  /** States in which the agent may call it; elsewhere the executor answers NOT_ALLOWED. */
  allowedStates: readonly SessionState[];
  /** When true the executor records a pending approval instead of running it. */
  requiresApproval?: boolean;
  run(deps: ToolDeps, ctx: ToolContext, input: I): Promise<ToolOutcome<O>>;
}
