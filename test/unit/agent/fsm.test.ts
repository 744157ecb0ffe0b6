import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SESSION_EVENTS,
  SESSION_STATES,
  eventsFrom,
  transition,
  type SessionEvent,
  type SessionFacts,
  type SessionState,
} from '../../../workers/agent/fsm';

const ready: SessionFacts = { itemCount: 2, deliveryComplete: true };

describe('session state machine: the table', () => {
  it('walks the happy path from IDLE to DONE', () => {
    const steps: Array<[SessionEvent, SessionFacts, SessionState]> = [
      ['DRAFT_STARTED', { itemCount: 0, deliveryComplete: false }, 'COLLECTING_ORDER'],
      ['ITEMS_CHANGED', { itemCount: 1, deliveryComplete: false }, 'COLLECTING_ORDER'],
      ['DETAILS_CHANGED', { itemCount: 1, deliveryComplete: true }, 'NEEDS_DETAILS'],
      ['CONFIRMATION_REQUESTED', ready, 'AWAITING_CONFIRMATION'],
      ['CUSTOMER_CONFIRMED', { ...ready, explicitYes: true }, 'EXECUTING'],
      ['ORDER_CONFIRMED', ready, 'DONE'],
    ];
    let state: SessionState = 'IDLE';
    for (const [event, facts, expected] of steps) {
      const result = transition(state, event, facts);
      expect(result).toEqual({ ok: true, from: state, to: expected });
      state = expected;
    }
  });

  it('refuses to ask for confirmation without items or with incomplete delivery, saying why', () => {
    expect(transition('COLLECTING_ORDER', 'CONFIRMATION_REQUESTED', { itemCount: 0, deliveryComplete: true })).toEqual({
      ok: false,
      reason: 'the draft has no items',
    });
    expect(transition('NEEDS_DETAILS', 'CONFIRMATION_REQUESTED', { itemCount: 1, deliveryComplete: false })).toEqual({
      ok: false,
      reason: 'delivery details are incomplete',
    });
  });

  it('moves to EXECUTING only on an explicit yes while awaiting confirmation', () => {
    expect(transition('AWAITING_CONFIRMATION', 'CUSTOMER_CONFIRMED', { ...ready, explicitYes: false })).toEqual({
      ok: false,
      reason: 'the customer did not explicitly confirm',
    });
    expect(transition('NEEDS_DETAILS', 'CUSTOMER_CONFIRMED', { ...ready, explicitYes: true }).ok).toBe(false);
    expect(transition('AWAITING_CONFIRMATION', 'CUSTOMER_CONFIRMED', { ...ready, explicitYes: true })).toMatchObject({
      ok: true,
      to: 'EXECUTING',
    });
  });

  it('goes back to collecting when items change after the confirmation request', () => {
    expect(transition('AWAITING_CONFIRMATION', 'ITEMS_CHANGED', ready)).toMatchObject({
      ok: true,
      to: 'COLLECTING_ORDER',
    });
    expect(transition('AWAITING_CONFIRMATION', 'CUSTOMER_DECLINED', ready)).toMatchObject({
      ok: true,
      to: 'COLLECTING_ORDER',
    });
  });

  it('returns from HANDOFF to the order when a draft has items, otherwise to IDLE', () => {
    expect(transition('HANDOFF', 'RETURNED_TO_AGENT', ready)).toMatchObject({ ok: true, to: 'COLLECTING_ORDER' });
    expect(transition('HANDOFF', 'RETURNED_TO_AGENT', { itemCount: 0, deliveryComplete: false })).toMatchObject({
      ok: true,
      to: 'IDLE',
    });
  });

  it('times out to IDLE except while executing or with a human', () => {
    expect(transition('AWAITING_CONFIRMATION', 'SESSION_TIMEOUT', ready)).toMatchObject({ ok: true, to: 'IDLE' });
    expect(transition('HANDOFF', 'SESSION_TIMEOUT', ready).ok).toBe(false);
    expect(transition('EXECUTING', 'SESSION_TIMEOUT', ready).ok).toBe(false);
  });

  it('names the refused event and state when no row matches', () => {
    expect(transition('IDLE', 'ORDER_CONFIRMED', ready)).toEqual({
      ok: false,
      reason: 'ORDER_CONFIRMED is not allowed in IDLE',
    });
    expect(eventsFrom('EXECUTING').sort()).toEqual([
      'DRAFT_CANCELLED',
      'EXECUTION_FAILED',
      'HANDOFF_REQUESTED',
      'ORDER_CONFIRMED',
    ]);
  });
});

describe('session state machine: properties', () => {
  const step = fc.record({
    event: fc.constantFrom(...SESSION_EVENTS),
    itemCount: fc.nat({ max: 3 }),
    deliveryComplete: fc.boolean(),
    explicitYes: fc.boolean(),
  });

  it('never confirms an order without passing AWAITING_CONFIRMATION with an explicit customer yes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state: SessionState = 'IDLE';
        let confirmedByCustomer = false;
        for (const s of steps) {
          const result = transition(state, s.event, s);
          if (!result.ok) continue;
          if (result.to === 'EXECUTING') {
            expect(state).toBe('AWAITING_CONFIRMATION');
            expect(s.event).toBe('CUSTOMER_CONFIRMED');
            expect(s.explicitYes).toBe(true);
            expect(s.itemCount).toBeGreaterThan(0);
            confirmedByCustomer = true;
          }
          if (s.event === 'ORDER_CONFIRMED') {
            expect(state).toBe('EXECUTING');
            expect(confirmedByCustomer).toBe(true);
          }
          if (result.to !== 'EXECUTING' && result.to !== 'DONE') confirmedByCustomer = false;
          state = result.to;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('can reach HANDOFF from any state reached by any event sequence', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state: SessionState = 'IDLE';
        for (const s of steps) {
          const result = transition(state, s.event, s);
          if (result.ok) state = result.to;
          const handoff = transition(state, 'HANDOFF_REQUESTED', s);
          expect(state === 'HANDOFF' || (handoff.ok && handoff.to === 'HANDOFF')).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('only ever produces declared states', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SESSION_STATES), step, (state, s) => {
        const result = transition(state, s.event, s);
        if (result.ok) expect(SESSION_STATES).toContain(result.to);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });
});
