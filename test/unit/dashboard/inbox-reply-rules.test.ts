import { describe, expect, it } from 'vitest';
import { controlErrorMessage, sendErrorMessage } from '../../../app/components/inbox/labels';
import {
  blockedText,
  isWindowOpen,
  replyBlock,
  windowExpiry,
  windowLabel,
  type ReplyContext,
} from '../../../app/components/inbox/reply-rules';
import { ApiError } from '../../../app/lib/api';
import type { Conversation } from '../../../app/lib/types';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const HOUR = 3_600_000;

const conversation = (patch: Partial<Conversation> = {}): Conversation => ({
  id: 'ses_1',
  channel: 'whatsapp',
  contact: '+5491155551234',
  customer: null,
  state: 'HANDOFF',
  owner: 'human',
  assignedUserId: 'usr_me',
  handoffReason: null,
  draftOrderId: null,
  unreadCount: 0,
  lastMessageAt: null,
  lastMessagePreview: null,
  lastCustomerMessageAt: new Date(NOW - HOUR).toISOString(),
  windowExpiresAt: new Date(NOW + 23 * HOUR).toISOString(),
  createdAt: new Date(NOW - 2 * HOUR).toISOString(),
  updatedAt: new Date(NOW - HOUR).toISOString(),
  ...patch,
});

const context = (patch: Partial<ReplyContext> = {}): ReplyContext => ({
  userId: 'usr_me',
  canReply: true,
  canAssign: true,
  windowOpen: true,
  nameOf: (id) => (id === 'usr_ana' ? 'Ana Pérez' : null),
  ...patch,
});

describe('the 24 h window countdown', () => {
  it('counts down to windowExpiresAt in hours and minutes', () => {
    const expiry = windowExpiry(
      conversation({ windowExpiresAt: new Date(NOW + 3 * HOUR + 12 * 60_000).toISOString() }),
    );
    expect(windowLabel(expiry, NOW)).toBe('Ventana abierta: 3 h 12 min');
    expect(windowLabel(NOW + 45 * 60_000 + 30_000, NOW)).toBe('Ventana abierta: 45 min');
  });

  it('is closed once windowExpiresAt has passed, and when the customer never wrote (null)', () => {
    const past = windowExpiry(conversation({ windowExpiresAt: new Date(NOW - 1).toISOString() }));
    expect(isWindowOpen(past, NOW)).toBe(false);
    expect(windowLabel(past, NOW)).toBe('Ventana cerrada');
    expect(windowExpiry(conversation({ windowExpiresAt: null }))).toBeNull();
    expect(windowLabel(null, NOW)).toBe('Ventana cerrada');
  });

  it('falls back to the last customer message + 24 h when the answer has no windowExpiresAt', () => {
    const { windowExpiresAt: _omitted, ...older } = conversation();
    expect(windowExpiry(older)).toBe(NOW - HOUR + 24 * HOUR);
  });
});

describe('who may type a reply', () => {
  it('the assigned operator with the permission, inside the window', () => {
    expect(replyBlock(conversation(), context())).toBeNull();
  });

  it('a role without conversations:reply is told so first', () => {
    const blocked = replyBlock(conversation(), context({ canReply: false }))!;
    expect(blockedText(blocked)).toBe('Tu rol no puede responder conversaciones.');
  });

  it('an agent-owned or unassigned conversation must be taken first (the call to action needs conversations:assign)', () => {
    expect(replyBlock(conversation({ owner: 'agent', assignedUserId: null }), context())).toEqual({
      reason: 'unassigned',
      canTake: true,
    });
    expect(replyBlock(conversation({ assignedUserId: null }), context({ canAssign: false }))).toEqual({
      reason: 'unassigned',
      canTake: false,
    });
  });

  it('a conversation another operator holds names them and offers no take', () => {
    const blocked = replyBlock(conversation({ assignedUserId: 'usr_ana' }), context())!;
    expect(blocked).toEqual({ reason: 'other-operator', who: 'Ana Pérez' });
    expect(blockedText(blocked)).toContain('La está atendiendo Ana Pérez');
    expect(blockedText(replyBlock(conversation({ assignedUserId: 'usr_x' }), context())!)).toContain('otro operador');
  });

  it('outside the window only a template can go out', () => {
    expect(replyBlock(conversation(), context({ windowOpen: false }))).toEqual({ reason: 'window-closed' });
  });
});

describe('API errors in Spanish', () => {
  it('maps the send 409s: WINDOW_CLOSED, not assigned, and an Idempotency-Key still in flight', () => {
    expect(sendErrorMessage(new ApiError(409, 'WINDOW_CLOSED', 'The customer has not written'))).toMatch(
      /ventana de 24 h está cerrada/,
    );
    expect(sendErrorMessage(new ApiError(409, 'CONFLICT', 'Assign the conversation first'))).toMatch(
      /No tenés asignada esta conversación/,
    );
    expect(
      sendErrorMessage(new ApiError(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress')),
    ).toMatch(/todavía se está procesando/);
    // A validation failure never reaches the operator in English.
    expect(sendErrorMessage(new ApiError(400, 'VALIDATION_FAILED', 'text: too long'))).toBe(
      'Revisá los datos marcados.',
    );
  });

  it('a 409 on take means another operator took it', () => {
    expect(controlErrorMessage('assign', new ApiError(409, 'CONFLICT', 'Taken'))).toBe('Ya la tomó otro operador.');
    expect(controlErrorMessage('assign', new ApiError(404, 'NOT_FOUND', 'Conversation not found'))).toBe(
      'No lo encontramos: puede que lo hayan borrado.',
    );
  });
});
