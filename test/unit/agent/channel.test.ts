import { describe, expect, it } from 'vitest';
import { conversationName, InMemoryChannel, outboundText, parseConversationName } from '../../../workers/agent/channel';

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

describe('InMemoryChannel', () => {
  it('keeps what it was given, in send order', async () => {
    const channel = new InMemoryChannel();
    const base = { sessionId: 'ses_1', workspaceId: 'ws_1', channel: 'simulator' as const, contact: '+54911' };
    await channel.send({ ...base, messageId: 'msg_1', message: { type: 'text', text: 'uno' } });
    await channel.send({ ...base, messageId: 'msg_2', message: { type: 'text', text: 'dos' } });
    expect(channel.sent.map((e) => e.messageId)).toEqual(['msg_1', 'msg_2']);
  });
});
