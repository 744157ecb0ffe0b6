/**
 * The conversation's sales state machine (plan 1.8). A declarative table: each row names the
 * states it leaves from, the event, the state it goes to, and an optional guard over the
 * conversation's facts. `transition` never throws: an event the table does not allow, or whose
 * guard fails, is refused with a reason the caller logs (the customer never sees it).
 */
import { SESSION_STATES } from '../../db/schema/agent';

export { SESSION_STATES };
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_EVENTS = [
  /** A draft order was opened for the customer. */
  'DRAFT_STARTED',
  /** Items were added, changed or removed. */
  'ITEMS_CHANGED',
  /** Delivery details were recorded (complete or not). */
  'DETAILS_CHANGED',
  /** The agent showed the summary and asked the customer to confirm. */
  'CONFIRMATION_REQUESTED',
  /** The customer answered the confirmation request with an explicit yes. */
  'CUSTOMER_CONFIRMED',
  /** The customer answered no / wants changes. */
  'CUSTOMER_DECLINED',
  /** The order was confirmed in the system (stock committed). */
  'ORDER_CONFIRMED',
  /** Confirming failed (e.g. stock ran out meanwhile). */
  'EXECUTION_FAILED',
  /** The draft was abandoned or cancelled. */
  'DRAFT_CANCELLED',
  /** Customer asked for a person, the agent gave up, or an operator took over. */
  'HANDOFF_REQUESTED',
  /** The operator handed the conversation back to the agent. */
  'RETURNED_TO_AGENT',
  /** No activity for the session timeout. */
  'SESSION_TIMEOUT',
] as const;
export type SessionEvent = (typeof SESSION_EVENTS)[number];

/** What the guards may look at: facts about the draft and the event. */
export interface SessionFacts {
  /** Lines in the current draft. */
  itemCount: number;
  /** Delivery method, recipient and (for delivery) address are all known. */
  deliveryComplete: boolean;
  /** For CUSTOMER_CONFIRMED: the customer's message was an explicit yes. */
  explicitYes?: boolean;
}

interface Transition {
  from: readonly SessionState[];
  event: SessionEvent;
  to: SessionState;
  guard?: (facts: SessionFacts) => string | null;
}

const ALL = SESSION_STATES;
const ORDERING = ['COLLECTING_ORDER', 'NEEDS_DETAILS', 'AWAITING_CONFIRMATION'] as const;

const hasItems = (f: SessionFacts) => (f.itemCount > 0 ? null : 'the draft has no items');
const readyToConfirm = (f: SessionFacts) =>
  hasItems(f) ?? (f.deliveryComplete ? null : 'delivery details are incomplete');

/** Order matters: the first row whose `from`, `event` and guard match wins. */
export const TRANSITIONS: readonly Transition[] = [
  { from: ['IDLE', 'DONE'], event: 'DRAFT_STARTED', to: 'COLLECTING_ORDER' },
  // Changing the order after asking for confirmation invalidates the request.
  { from: ORDERING, event: 'ITEMS_CHANGED', to: 'COLLECTING_ORDER' },
  { from: ['COLLECTING_ORDER', 'NEEDS_DETAILS'], event: 'DETAILS_CHANGED', to: 'NEEDS_DETAILS', guard: hasItems },
  { from: ['AWAITING_CONFIRMATION'], event: 'DETAILS_CHANGED', to: 'NEEDS_DETAILS' },
  {
    from: ['COLLECTING_ORDER', 'NEEDS_DETAILS'],
    event: 'CONFIRMATION_REQUESTED',
    to: 'AWAITING_CONFIRMATION',
    guard: readyToConfirm,
  },
  {
    from: ['AWAITING_CONFIRMATION'],
    event: 'CUSTOMER_CONFIRMED',
    to: 'EXECUTING',
    guard: (f) => (f.explicitYes === true ? null : 'the customer did not explicitly confirm') ?? readyToConfirm(f),
  },
  { from: ['AWAITING_CONFIRMATION'], event: 'CUSTOMER_DECLINED', to: 'COLLECTING_ORDER' },
  { from: ['EXECUTING'], event: 'ORDER_CONFIRMED', to: 'DONE' },
  { from: ['EXECUTING'], event: 'EXECUTION_FAILED', to: 'COLLECTING_ORDER' },
  { from: [...ORDERING, 'EXECUTING'], event: 'DRAFT_CANCELLED', to: 'IDLE' },
  { from: ALL.filter((s) => s !== 'HANDOFF'), event: 'HANDOFF_REQUESTED', to: 'HANDOFF' },
  { from: ['HANDOFF'], event: 'RETURNED_TO_AGENT', to: 'COLLECTING_ORDER', guard: hasItems },
  { from: ['HANDOFF'], event: 'RETURNED_TO_AGENT', to: 'IDLE' },
  // A turn in flight (EXECUTING) finishes before the timeout applies; a human keeps HANDOFF.
  { from: ['IDLE', ...ORDERING, 'DONE'], event: 'SESSION_TIMEOUT', to: 'IDLE' },
];

export type TransitionResult = { ok: true; from: SessionState; to: SessionState } | { ok: false; reason: string };

/** Applies one event. Pure: no I/O; the Conversation object persists the result and emits `session:updated`. */
export function transition(from: SessionState, event: SessionEvent, facts: SessionFacts): TransitionResult {
  let refusal: string | null = null;
  for (const row of TRANSITIONS) {
    if (row.event !== event || !row.from.includes(from)) continue;
    const blocked = row.guard?.(facts) ?? null;
    if (blocked === null) return { ok: true, from, to: row.to };
    refusal ??= blocked;
  }
  return { ok: false, reason: refusal ?? `${event} is not allowed in ${from}` };
}

/** The events the table accepts from `state` (ignoring guards): what the agent may attempt. */
export function eventsFrom(state: SessionState): SessionEvent[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from.includes(state)).map((t) => t.event))];
}
