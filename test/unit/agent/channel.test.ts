import { describe, expect, it } from 'vitest';
import {
  conversationName,
  outboundText,
  parseConversationName,
  WINDOW_MS,
  windowOpen,
} from '../../../workers/agent/channel';

describe('conversation names', () => {
  it('round-trips workspace, channel and contact through the object name', () => {
    const key = { workspaceId: 'ws_01ABC', channel: 'whatsapp' as const, contact: '+5491155551234' };
    expect(conversationName(key)).toBe('ws_01ABC:whatsapp:+5491155551234');
    expect(parseConversationName(conversationName(key))).toEqual(key);
    expect(parseConversationName('ws_01ABC:simulator:+5491155551234')).toMatchObject({ channel: 'simulator' });
  });

  it('refuses a name that is not workspace:channel:contact', () => {
    expect(parseConversationName('ws_01ABC:telegram:123')).toBeUndefined();
    expect(parseConversationName('just-a-name')).toBeUndefined();
  });
});

describe('outboundText', () => {
  it('is what the customer reads: the text of text, buttons and lists, the caption of media', () => {
    expect(outboundText({ type: 'text', text: 'Hola' })).toBe('Hola');
    expect(outboundText({ type: 'buttons', text: '¿Confirmás?', buttons: [{ id: 'confirm_yes', title: 'Sí' }] })).toBe(
      '¿Confirmás?',
    );
    expect(outboundText({ type: 'list', text: 'Catálogo', button: 'Ver', sections: [] })).toBe('Catálogo');
    expect(outboundText({ type: 'image', url: 'https://x/y.png', caption: 'Remera' })).toBe('Remera');
    expect(outboundText({ type: 'document', url: 'https://x/y.pdf', filename: 'y.pdf' })).toBe('');
  });
});

describe('windowOpen', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('is open up to exactly 24 h after the customer last wrote, and closed after', () => {
    expect(windowOpen(new Date(now.getTime() - WINDOW_MS), now)).toBe(true);
    expect(windowOpen(new Date(now.getTime() - WINDOW_MS - 1), now)).toBe(false);
    expect(windowOpen(new Date(now.getTime() - 60_000), now)).toBe(true);
  });

  it('is closed when the customer never wrote', () => {
    expect(windowOpen(null, now)).toBe(false);
  });
});
