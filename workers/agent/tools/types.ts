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
  /**
   * The customer message this turn answers: its text and the reply button pressed, if any.
   * `confirm_order` runs only when it is an explicit yes (`isExplicitYes` in ../confirmation.ts).
   */
  lastCustomerMessage: { text: string | null; buttonId: string | null };
}

export interface ToolDeps {
  db: Database;
  files: R2Bucket;
}

/** Conversation fields a tool changed. */
export interface ToolEffects {
  draftOrderId?: string | null;
  customerId?: string;
  explicitYes?: boolean;
  handoffReason?: string;
  /** The draft's guard facts after the tool (FSM `SessionFacts`), so no re-read is needed to apply the events. */
  draftFacts?: { itemCount: number; deliveryComplete: boolean };
}

/**
 * Outcome of a tool: data for the model, plus what the conversation should remember or do.
 * A failure may still move the conversation: `confirm_order` that finds the stock gone answers
 * `ok: false` with CUSTOMER_CONFIRMED then EXECUTION_FAILED. Read the events with `outcomeEvents`.
 */
export type ToolOutcome<O = unknown> =
  | {
      ok: true;
      data: O;
      /** FSM event the Conversation applies after the tool succeeds (e.g. ITEMS_CHANGED). */
      event?: SessionEvent;
      /** Further FSM events, applied in order after `event` (e.g. DRAFT_STARTED, then ITEMS_CHANGED). */
      events?: SessionEvent[];
      effects?: ToolEffects;
      /** Outbound messages the tool produces besides the model's text (catalogue, buttons). */
      outbound?: OutboundMessage[];
    }
  | {
      ok: false;
      error: { code: string; message: string; details?: unknown };
      event?: SessionEvent;
      events?: SessionEvent[];
      effects?: ToolEffects;
    };

/** Every FSM event of an outcome, in the order the Conversation applies them: `event`, then `events`. */
export function outcomeEvents(outcome: ToolOutcome): SessionEvent[] {
  return [...(outcome.event ? [outcome.event] : []), ...(outcome.events ?? [])];
}

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
