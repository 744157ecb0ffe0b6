import { describe, expect, it } from 'vitest';
import {
  deliveryStatus,
  identityOf,
  kindOf,
  parseInfobipTime,
  parseWebhook,
  toInfobipRequest,
  type NormalisedInbound,
  type WebhookItem,
} from '../../../workers/whatsapp/infobip/adapter';
import {
  DeliveryResult,
  InboundResult,
  SendButtonsBody,
  SendListBody,
  SendTemplateBody,
} from '../../../workers/whatsapp/infobip/schemas';
import { batch, copy, fixtures } from '../../harness/whatsapp';

const CONNECTION = 'con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z';

/** Parses a body that must be valid and returns its items. */
function items(body: unknown): WebhookItem[] {
  const parsed = parseWebhook(body, CONNECTION);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.items;
}

/** The normalised inbound message of a fixture result with `message` replaced. */
function inboundWith(message: Record<string, unknown>): NormalisedInbound {
  const result = { ...copy(fixtures.inboundText.results[0]!), message };
  const [item] = items(batch(result));
  if (item?.kind !== 'INBOUND') throw new Error('not inbound');
  return item.message;
}

describe('Infobip webhook kinds', () => {
  it('tells inbound messages, delivery reports and seen reports apart by their fields', () => {
    expect(kindOf(fixtures.inboundText.results[0]!)).toBe('INBOUND');
    expect(kindOf(fixtures.deliveryReport.results[0]!)).toBe('DELIVERY');
    expect(kindOf(fixtures.seenReport.results[0]!)).toBe('SEEN');
    expect(kindOf({ messageId: 'x' })).toBeNull();
  });

  it('reads Infobip times written with +0000 as UTC', () => {
    expect(parseInfobipTime('2026-11-20T14:03:11.000+0000').toISOString()).toBe('2026-11-20T14:03:11.000Z');
    expect(parseInfobipTime('2026-11-20T11:03:11.000-0300').toISOString()).toBe('2026-11-20T14:03:11.000Z');
    const fallback = new Date('2026-01-01T00:00:00Z');
    expect(parseInfobipTime('not a time', fallback)).toBe(fallback);
  });

  it('handles a mixed batch of all three kinds, in order', () => {
    const body = batch(
      copy(fixtures.inboundText.results[0]!),
      copy(fixtures.deliveryReport.results[0]!),
      copy(fixtures.seenReport.results[0]!),
      copy(fixtures.inboundImage.results[0]!),
    );
    expect(items(body).map((i) => i.kind)).toEqual(['INBOUND', 'DELIVERY', 'SEEN', 'INBOUND']);
  });

  it('accepts an empty batch', () => {
    expect(items({ results: [] })).toEqual([]);
  });

  it('refuses a body that is not { results: [...] } or holds an unreadable result', () => {
    expect(parseWebhook({ foo: 1 }, CONNECTION)).toMatchObject({ ok: false });
    expect(parseWebhook([], CONNECTION)).toMatchObject({ ok: false });
    expect(parseWebhook({ results: [{ hello: 'world' }] }, CONNECTION)).toMatchObject({
      ok: false,
      error: expect.stringContaining('results[0]'),
    });
    const noId = copy(fixtures.inboundText.results[0]!) as Record<string, unknown>;
    delete noId.messageId;
    expect(parseWebhook(batch(noId), CONNECTION)).toMatchObject({
      ok: false,
      error: expect.stringContaining('messageId'),
    });
  });
});

describe('inbound normalisation', () => {
  it('TEXT: the text, the time in ISO, the contact identity and the connection', () => {
    const [item] = items(fixtures.inboundText);
    expect(item).toMatchObject({
      kind: 'INBOUND',
      messageId: fixtures.inboundText.results[0]!.messageId,
      messageType: 'TEXT',
      identity: { contact: 'AR.1776622120445919', phone: '+5491155550001', profileName: 'María García' },
      message: {
        id: fixtures.inboundText.results[0]!.messageId,
        type: 'text',
        text: 'Hola! Quiero 2 remeras básicas talle M',
        receivedAt: '2026-11-20T14:03:11.000Z',
        phone: '+5491155550001',
        profileName: 'María García',
        connectionId: CONNECTION,
        providerType: 'TEXT',
        to: '5491140000000',
      },
    });
  });

  it('keys the contact on the phone (E.164) when Infobip sends no business user id', () => {
    const result = InboundResult.parse({ ...copy(fixtures.inboundText.results[0]!), contact: { name: 'Ana' } });
    expect(identityOf(result)).toEqual({ contact: '+5491155550001', phone: '+5491155550001', profileName: 'Ana' });
  });

  it('keys the contact on contact.userId when the phone is omitted (username-only users)', () => {
    const result = InboundResult.parse({
      ...copy(fixtures.inboundText.results[0]!),
      from: null,
      contact: { name: null, phoneNumber: null, userId: 'AR.99', username: 'maria' },
    });
    expect(identityOf(result)).toEqual({ contact: 'AR.99', phone: null, profileName: null });
  });

  it('IMAGE: the Infobip media URL and the caption (the media step copies the file)', () => {
    const [item] = items(fixtures.inboundImage);
    expect(item?.kind === 'INBOUND' && item.message).toMatchObject({
      type: 'image',
      text: 'Te paso el comprobante de la transferencia',
      media: {
        url: 'https://example.api.infobip.com/whatsapp/1/senders/5491140000000/media/7f3c2a1e-5b8d-4c2e-9a61-2f0d8e4b1c77',
        caption: 'Te paso el comprobante de la transferencia',
      },
    });
  });

  it.each([
    ['DOCUMENT', 'document'],
    ['AUDIO', 'audio'],
    ['VOICE', 'audio'],
    ['VIDEO', 'unsupported'],
    ['STICKER', 'unsupported'],
  ])('%s: media of type %s with its URL kept', (type, expected) => {
    const message = inboundWith({
      type,
      url: 'https://x.api.infobip.com/whatsapp/1/senders/1/media/abc',
      filename: 'comprobante.pdf',
    });
    expect(message).toMatchObject({
      type: expected,
      providerType: type,
      media: { url: 'https://x.api.infobip.com/whatsapp/1/senders/1/media/abc', filename: 'comprobante.pdf' },
    });
  });

  it('LOCATION: coordinates, name and address; the text reads the place for the agent', () => {
    const [item] = items(fixtures.inboundLocation);
    expect(item?.kind === 'INBOUND' && item.message).toMatchObject({
      type: 'location',
      text: 'Casa, Av. Corrientes 1234, C1043 CABA',
      media: { latitude: -34.603722, longitude: -58.381592, name: 'Casa', address: 'Av. Corrientes 1234, C1043 CABA' },
    });
  });

  it('INTERACTIVE_BUTTON_REPLY: the button id and title, and the message it answers', () => {
    const [item] = items(fixtures.inboundButtonReply);
    expect(item?.kind === 'INBOUND' && item.message).toMatchObject({
      type: 'button',
      text: 'Sí, confirmar',
      buttonId: 'confirm_order',
      replyTo: 'ord-confirm-req-01JD3X',
    });
  });

  it('INTERACTIVE_LIST_REPLY: the row id and title', () => {
    expect(
      inboundWith({ type: 'INTERACTIVE_LIST_REPLY', id: 'var_123', title: 'Remera M', description: 'Negra' }),
    ).toMatchObject({
      type: 'button',
      buttonId: 'var_123',
      text: 'Remera M',
    });
  });

  it('BUTTON (template quick reply): the payload is the button id', () => {
    expect(inboundWith({ type: 'BUTTON', text: 'Sí', payload: 'reorder_yes' })).toMatchObject({
      type: 'button',
      text: 'Sí',
      buttonId: 'reorder_yes',
    });
  });

  it('CONTACT: kept as unsupported with a readable summary', () => {
    expect(inboundWith({ type: 'CONTACT', contacts: [{ name: { formattedName: 'Juan' } }] })).toMatchObject({
      type: 'unsupported',
      providerType: 'CONTACT',
      text: '[1 contacto(s) compartido(s)]',
    });
  });

  it.each(['REACTION', 'ORDER', 'INTERACTIVE_FLOW_REPLY', 'UNSUPPORTED', 'INFECTED_CONTENT', 'SOMETHING_NEW'])(
    '%s: stored as unsupported with its provider type, never a failure',
    (type) => {
      expect(inboundWith({ type, emoji: '👍' })).toMatchObject({ type: 'unsupported', providerType: type, text: null });
    },
  );

  it('a known type missing its fields is unsupported, not a crash', () => {
    expect(inboundWith({ type: 'TEXT' })).toMatchObject({ type: 'unsupported', providerType: 'TEXT' });
    expect(inboundWith({ type: 'IMAGE' })).toMatchObject({ type: 'unsupported', providerType: 'IMAGE' });
  });
});

describe('delivery and seen reports', () => {
  const report = (status: Record<string, unknown>, error?: Record<string, unknown>) =>
    DeliveryResult.parse({ ...copy(fixtures.deliveryReport.results[0]!), status, ...(error ? { error } : {}) });

  it('DELIVERED → DELIVERED at doneAt', () => {
    const [item] = items(fixtures.deliveryReport);
    expect(item).toMatchObject({
      kind: 'DELIVERY',
      messageId: 'msg_01JD3XAB7E5Q2W8N4K6R9T1Y3Z',
      report: { status: 'DELIVERED', at: '2026-11-20T14:03:14.004Z' },
    });
  });

  it('PENDING → SENT', () => {
    expect(deliveryStatus(report({ groupName: 'PENDING', name: 'PENDING_ENROUTE' }))).toMatchObject({ status: 'SENT' });
  });

  it.each(['UNDELIVERABLE', 'EXPIRED', 'REJECTED'])('%s → FAILED with the reason', (groupName) => {
    const status = deliveryStatus(
      report(
        { groupName, name: `${groupName}_X`, description: 'Status description' },
        { groupName: 'USER_ERRORS', name: 'EC_ABSENT_SUBSCRIBER', description: 'Absent subscriber', permanent: true },
      ),
    );
    expect(status).toEqual({
      status: 'FAILED',
      at: '2026-11-20T14:03:14.004Z',
      error: `${groupName}: ${groupName}_X: EC_ABSENT_SUBSCRIBER: Absent subscriber`,
    });
  });

  it('seen report → READ at seenAt', () => {
    const [item] = items(fixtures.seenReport);
    expect(item).toMatchObject({
      kind: 'SEEN',
      messageId: 'msg_01JD3XAB7E5Q2W8N4K6R9T1Y3Z',
      report: { status: 'READ', at: '2026-11-20T14:03:40.552Z' },
    });
  });
});

describe('outbound requests', () => {
  const address = { from: '5491140000000', to: '5491155550001', messageId: 'msg_1', callbackData: 'ses_1' };

  it('text: /message/text with our messageId', () => {
    expect(toInfobipRequest({ type: 'text', text: 'Hola!' }, address)).toEqual({
      path: '/whatsapp/1/message/text',
      body: { ...address, content: { text: 'Hola!', previewUrl: false } },
    });
  });

  it('image and document: media URLs made absolute against the app URL', () => {
    expect(
      toInfobipRequest({ type: 'image', url: '/api/v1/files/x.png', caption: 'Remera' }, address, 'https://app.test'),
    ).toEqual({
      path: '/whatsapp/1/message/image',
      body: { ...address, content: { mediaUrl: 'https://app.test/api/v1/files/x.png', caption: 'Remera' } },
    });
    expect(
      toInfobipRequest({ type: 'document', url: 'https://cdn.test/f.pdf', filename: 'factura.pdf' }, address).body,
    ).toMatchObject({ content: { mediaUrl: 'https://cdn.test/f.pdf', filename: 'factura.pdf' } });
  });

  it('buttons: at most 3, titles clipped to 20 characters, valid for Infobip', () => {
    const request = toInfobipRequest(
      {
        type: 'buttons',
        text: '¿Confirmás el pedido?',
        buttons: [
          { id: 'confirm_order', title: 'Sí, confirmar' },
          { id: 'change', title: 'Quiero cambiar algo del pedido' },
          { id: 'cancel', title: 'No' },
          { id: 'extra', title: 'Extra' },
        ],
      },
      address,
    );
    expect(request.path).toBe('/whatsapp/1/message/interactive/buttons');
    const body = SendButtonsBody.parse(request.body);
    expect(body.content.action.buttons.map((b) => b.title)).toEqual(['Sí, confirmar', 'Quiero cambiar algo…', 'No']);
  });

  it('list: at most 10 rows across sections, valid for Infobip', () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({ id: `var_${i}`, title: `Remera básica talle ${i}XL` }));
    const request = toInfobipRequest(
      {
        type: 'list',
        text: 'Catálogo',
        button: 'Ver productos',
        sections: [
          { title: 'Remeras', rows },
          { title: 'Buzos', rows },
        ],
      },
      address,
    );
    expect(request.path).toBe('/whatsapp/1/message/interactive/list');
    const body = SendListBody.parse(request.body);
    expect(body.content.action.sections.flatMap((s) => s.rows)).toHaveLength(10);
  });

  it('template: the batch shape with language es_AR by default', () => {
    const request = toInfobipRequest(
      { type: 'template', templateName: 'pedido_listo', placeholders: ['María', '#1042'] },
      address,
    );
    expect(request.path).toBe('/whatsapp/1/message/template');
    expect(SendTemplateBody.parse(request.body).messages[0]).toMatchObject({
      messageId: 'msg_1',
      content: {
        templateName: 'pedido_listo',
        templateData: { body: { placeholders: ['María', '#1042'] } },
        language: 'es_AR',
      },
    });
  });
});
