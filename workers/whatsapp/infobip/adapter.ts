/**
 * Between Infobip's wire formats and ours: webhook results → `WebhookItem`s (inbound messages
 * normalised to the Conversation's `InboundMessage`, delivery and seen reports to status
 * changes), and our outbound messages → Infobip send requests.
 */
import type { MessageMedia } from '../../../db/schema';
import type { InboundMessage, InboundType } from '../../agent/channel';
import type { OutboundMessage } from '../../agent/tools/types';
import { normalisePhone } from '../../retail/customers/phone';
import {
  ButtonMessage,
  ContactMessage,
  DeliveryResult,
  InboundResult,
  InteractiveReplyMessage,
  LocationMessage,
  MEDIA_TYPES,
  MediaMessage,
  SeenResult,
  TextMessage,
  WebhookBody,
  type MediaType,
} from './schemas';

export type WebhookKind = 'INBOUND' | 'DELIVERY' | 'SEEN';

/**
 * A customer message as the Conversation object receives it (`receive(message)`): the agent's
 * `InboundMessage`, plus what Infobip told us that the agent's type does not name yet. The
 * object stores the message whole, so the extra fields travel with it.
 */
export interface NormalisedInbound extends InboundMessage {
  /** Infobip's `message.type` as received (`TEXT`, `VIDEO`, `REACTION`, …). */
  providerType: string;
  /** The message this one replies to (`message.context.id`), e.g. the confirmation we sent. */
  replyTo?: string | null;
  /** Our sender number it was sent to. */
  to: string;
}

/** Where the adapter routes an inbound message: the conversation contact and customer identity. */
export interface InboundIdentity {
  /** `contact.userId` when present, else the E.164 phone: names the Conversation object. */
  contact: string;
  /** E.164 phone, when Infobip gave one. */
  phone: string | null;
  profileName: string | null;
}

export type WebhookItem =
  | {
      kind: 'INBOUND';
      messageId: string;
      messageType: string;
      raw: Record<string, unknown>;
      identity: InboundIdentity;
      message: NormalisedInbound;
    }
  | { kind: 'DELIVERY'; messageId: string; raw: Record<string, unknown>; report: DeliveryStatus }
  | { kind: 'SEEN'; messageId: string; raw: Record<string, unknown>; report: { status: 'READ'; at: string } };

/** What a delivery report means for our message. */
export type DeliveryStatus =
  { status: 'SENT' | 'DELIVERED'; at: string | null } | { status: 'FAILED'; at: string | null; error: string };

export type ParsedWebhook = { ok: true; items: WebhookItem[] } | { ok: false; error: string };

/** Infobip writes `2026-11-20T14:03:11.000+0000`; ISO 8601 wants `+00:00`. Unreadable → `fallback`. */
export function parseInfobipTime(value: string | null | undefined, fallback = new Date()): Date {
  if (!value) return fallback;
  const iso = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? fallback : time;
}

/** Which of the three webhook kinds a result is: `message` → inbound, `status` → delivery, `seenAt` → seen. */
export function kindOf(result: Record<string, unknown>): WebhookKind | null {
  if ('message' in result) return 'INBOUND';
  if ('status' in result) return 'DELIVERY';
  if ('seenAt' in result) return 'SEEN';
  return null;
}

/**
 * Reads a whole webhook body. Every result must be one of the three kinds and well formed;
 * otherwise the body is refused as a whole (Infobip's payloads are machine-written, so one bad
 * result means a format we do not understand, and the body is stored for inspection).
 */
export function parseWebhook(body: unknown, connectionId: string): ParsedWebhook {
  const envelope = WebhookBody.safeParse(body);
  if (!envelope.success) return { ok: false, error: `not an Infobip webhook body: ${firstIssue(envelope.error)}` };
  const items: WebhookItem[] = [];
  for (const [index, raw] of envelope.data.results.entries()) {
    const item = parseWebhookResult(raw, connectionId);
    if (!item.ok) return { ok: false, error: `results[${index}]: ${item.error}` };
    items.push(item.item);
  }
  return { ok: true, items };
}

/** Reads one result of a webhook body (also used to re-read a stored `webhook_inbox` row). */
export function parseWebhookResult(
  raw: Record<string, unknown>,
  connectionId: string,
): { ok: true; item: WebhookItem } | { ok: false; error: string } {
  switch (kindOf(raw)) {
    case 'INBOUND': {
      const parsed = InboundResult.safeParse(raw);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      const result = parsed.data;
      const identity = identityOf(result);
      if (!identity) return { ok: false, error: 'neither contact.userId nor a valid from number' };
      const message = toInboundMessage(result, connectionId, identity);
      return {
        ok: true,
        item: {
          kind: 'INBOUND',
          messageId: result.messageId,
          messageType: result.message.type,
          raw,
          identity,
          message,
        },
      };
    }
    case 'DELIVERY': {
      const parsed = DeliveryResult.safeParse(raw);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      return {
        ok: true,
        item: { kind: 'DELIVERY', messageId: parsed.data.messageId, raw, report: deliveryStatus(parsed.data) },
      };
    }
    case 'SEEN': {
      const parsed = SeenResult.safeParse(raw);
      if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
      const at = parseInfobipTime(parsed.data.seenAt).toISOString();
      return {
        ok: true,
        item: { kind: 'SEEN', messageId: parsed.data.messageId, raw, report: { status: 'READ', at } },
      };
    }
    default:
      return { ok: false, error: 'a result with none of message, status or seenAt' };
  }
}

function firstIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** Infobip numbers are digits without `+`; ours are E.164. */
export function e164(number: string | null | undefined): string | null {
  if (!number) return null;
  const digits = number.trim();
  return normalisePhone(digits.startsWith('+') ? digits : `+${digits}`) ?? null;
}

/** The conversation contact: the business-scoped `contact.userId` when present, else the E.164 phone. */
export function identityOf(result: InboundResult): InboundIdentity | null {
  const phone = e164(result.from) ?? e164(result.contact?.phoneNumber);
  const userId = result.contact?.userId?.trim() || null;
  const contact = userId ?? phone;
  if (!contact) return null;
  return { contact, phone, profileName: result.contact?.name?.trim() || null };
}

/** What the agent sees of each Infobip message type; types it does not know arrive as `unsupported`. */
export function toInboundMessage(
  result: InboundResult,
  connectionId: string,
  identity: InboundIdentity = identityOf(result) ?? { contact: result.from ?? '', phone: null, profileName: null },
): NormalisedInbound {
  const base = {
    id: result.messageId,
    receivedAt: parseInfobipTime(result.receivedAt).toISOString(),
    profileName: identity.profileName,
    phone: identity.phone,
    connectionId,
    providerType: result.message.type,
    replyTo: result.message.context?.id ?? null,
    to: result.to,
  };
  const body = result.message;
  const as = (type: InboundType, fields: Partial<InboundMessage>): NormalisedInbound => ({
    ...base,
    type,
    text: null,
    buttonId: null,
    media: null,
    ...fields,
  });

  switch (body.type) {
    case 'TEXT': {
      const m = TextMessage.safeParse(body);
      if (m.success) return as('text', { text: m.data.text });
      break;
    }
    case 'BUTTON': {
      const m = ButtonMessage.safeParse(body);
      if (m.success) return as('button', { text: m.data.text, buttonId: m.data.payload ?? m.data.text });
      break;
    }
    case 'INTERACTIVE_BUTTON_REPLY':
    case 'INTERACTIVE_LIST_REPLY': {
      const m = InteractiveReplyMessage.safeParse(body);
      if (m.success) return as('button', { text: m.data.title, buttonId: m.data.id });
      break;
    }
    case 'LOCATION': {
      const m = LocationMessage.safeParse(body);
      if (m.success) {
        const { latitude, longitude, name, address, url } = m.data;
        const media: MessageMedia = { latitude, longitude };
        if (name) media.name = name;
        if (address) media.address = address;
        if (url) media.url = url;
        return as('location', { text: [name, address].filter(Boolean).join(', ') || null, media });
      }
      break;
    }
    case 'CONTACT': {
      const m = ContactMessage.safeParse(body);
      if (m.success) return as('unsupported', { text: `[${m.data.contacts.length} contacto(s) compartido(s)]` });
      break;
    }
    default:
      if ((MEDIA_TYPES as readonly string[]).includes(body.type)) {
        const m = MediaMessage.safeParse(body);
        if (m.success) {
          const media: MessageMedia = { url: m.data.url };
          if (m.data.caption) media.caption = m.data.caption;
          if (m.data.filename) media.filename = m.data.filename;
          return as(MEDIA_INBOUND_TYPE[m.data.type], { text: m.data.caption ?? null, media });
        }
      }
  }
  // Unknown types (REACTION, ORDER, INTERACTIVE_FLOW_REPLY, UNSUPPORTED, INFECTED_CONTENT, …) and
  // known types missing their fields: kept, shown to operators, never a crash.
  return as('unsupported', {});
}

const MEDIA_INBOUND_TYPE: Record<MediaType, InboundType> = {
  IMAGE: 'image',
  DOCUMENT: 'document',
  AUDIO: 'audio',
  VOICE: 'audio',
  // The agent has no video or sticker handling: the operator sees them; the file is still linked.
  VIDEO: 'unsupported',
  STICKER: 'unsupported',
};

/** Whether this inbound message carries a file to copy into our storage. */
export function mediaUrlOf(message: NormalisedInbound): string | null {
  return message.media?.url && message.type !== 'location' ? message.media.url : null;
}

/**
 * A delivery report's meaning: DELIVERED → DELIVERED; PENDING → SENT (Infobip has it, the
 * handset not yet); UNDELIVERABLE, EXPIRED, REJECTED → FAILED with Infobip's reason.
 */
export function deliveryStatus(report: DeliveryResult): DeliveryStatus {
  const at = report.doneAt ?? report.sentAt ?? null;
  const when = at ? parseInfobipTime(at).toISOString() : null;
  switch (report.status.groupName) {
    case 'DELIVERED':
      return { status: 'DELIVERED', at: when };
    case 'PENDING':
      return { status: 'SENT', at: when };
    default: {
      const reason = report.error && report.error.groupName !== 'OK' ? report.error : null;
      const error = [
        report.status.groupName,
        report.status.name,
        reason?.name,
        reason?.description ?? report.status.description,
      ]
        .filter(Boolean)
        .join(': ');
      return { status: 'FAILED', at: when, error };
    }
  }
}

// --- Outbound --------------------------------------------------------------------------------

/** An approved WhatsApp template: the only thing that may be sent outside the 24 h window. */
export interface TemplateMessage {
  type: 'template';
  templateName: string;
  /** Infobip language code, `es_AR` by default. */
  language?: string;
  placeholders: string[];
}

/** What egress sends: the agent's and operators' messages, or a template. */
export type EgressMessage = OutboundMessage | TemplateMessage;

export interface SendAddress {
  /** Our sender number (digits). */
  from: string;
  /** The customer (digits, or the WhatsApp user id). */
  to: string;
  /** Our id for this message: a retried send repeats it and delivery reports carry it. */
  messageId: string;
  callbackData?: string;
  notifyUrl?: string;
}

export interface InfobipRequest {
  /** Path under the base URL, e.g. `/whatsapp/1/message/text`. */
  path: string;
  body: Record<string, unknown>;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Infobip addresses numbers as digits without `+`; a WhatsApp user id is sent as is. */
export function infobipAddress(contact: string): string {
  return /^\+\d+$/.test(contact) ? contact.slice(1) : contact;
}

/**
 * The Infobip request for one of our messages. Relative media URLs (our own attachments) are
 * made absolute against `appUrl`; button and list texts are clipped to WhatsApp's limits rather
 * than refused, so a long product name never turns into an undeliverable message.
 */
export function toInfobipRequest(message: EgressMessage, address: SendAddress, appUrl = ''): InfobipRequest {
  const envelope: Record<string, unknown> = { from: address.from, to: address.to, messageId: address.messageId };
  if (address.callbackData) envelope.callbackData = address.callbackData;
  if (address.notifyUrl) envelope.notifyUrl = address.notifyUrl;
  const absolute = (url: string) =>
    /^https?:\/\//i.test(url) ? url : new URL(url, appUrl || 'http://localhost').toString();

  switch (message.type) {
    case 'text':
      return {
        path: '/whatsapp/1/message/text',
        body: {
          ...envelope,
          content: { text: clip(message.text, 4096), previewUrl: /https?:\/\//.test(message.text) },
        },
      };
    case 'image':
      return {
        path: '/whatsapp/1/message/image',
        body: {
          ...envelope,
          content: {
            mediaUrl: absolute(message.url),
            ...(message.caption ? { caption: clip(message.caption, 3000) } : {}),
          },
        },
      };
    case 'document':
      return {
        path: '/whatsapp/1/message/document',
        body: {
          ...envelope,
          content: {
            mediaUrl: absolute(message.url),
            filename: clip(message.filename, 240),
            ...(message.caption ? { caption: clip(message.caption, 3000) } : {}),
          },
        },
      };
    case 'buttons':
      return {
        path: '/whatsapp/1/message/interactive/buttons',
        body: {
          ...envelope,
          content: {
            body: { text: clip(message.text, 1024) },
            action: {
              buttons: message.buttons
                .slice(0, 3)
                .map((b) => ({ type: 'REPLY', id: clip(b.id, 256), title: clip(b.title, 20) })),
            },
          },
        },
      };
    case 'list': {
      let room = 10;
      const sections = message.sections
        .map((s) => {
          const rows = s.rows.slice(0, Math.max(0, room)).map((r) => ({
            id: clip(r.id, 200),
            title: clip(r.title, 24),
            ...(r.description ? { description: clip(r.description, 72) } : {}),
          }));
          room -= rows.length;
          return { ...(s.title ? { title: clip(s.title, 24) } : {}), rows };
        })
        .filter((s) => s.rows.length > 0);
      return {
        path: '/whatsapp/1/message/interactive/list',
        body: {
          ...envelope,
          content: { body: { text: clip(message.text, 4096) }, action: { title: clip(message.button, 20), sections } },
        },
      };
    }
    case 'template':
      return {
        path: '/whatsapp/1/message/template',
        body: {
          messages: [
            {
              ...envelope,
              content: {
                templateName: message.templateName,
                templateData: { body: { placeholders: message.placeholders } },
                language: message.language ?? 'es_AR',
              },
            },
          ],
        },
      };
  }
}
