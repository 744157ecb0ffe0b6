/**
 * zod schemas of Infobip's WhatsApp wire formats (test/fixtures/infobip/README.md): the three
 * webhook kinds Infobip posts to one URL, and the bodies and answers of the send API. Webhook
 * schemas are lenient where Infobip adds fields over time (objects pass unknown keys through)
 * and strict only on what we act on: a result we cannot read is a 400, not a guess.
 */
import { z } from 'zod';

const nullableString = z.string().nullish();

/** `message.context`: the message a reply answers. */
export const MessageContext = z.looseObject({ id: nullableString, from: nullableString }).nullish();

export const MEDIA_TYPES = ['IMAGE', 'DOCUMENT', 'VIDEO', 'AUDIO', 'VOICE', 'STICKER'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * An inbound `message`: only `type` is required to tell it apart; the fields of each known type
 * are checked by the adapter, and an unknown type is kept whole and shown as unsupported.
 */
export const InboundMessageBody = z.looseObject({
  type: z.string().min(1),
  context: MessageContext,
});
export type InboundMessageBody = z.infer<typeof InboundMessageBody>;

export const TextMessage = z.looseObject({ type: z.literal('TEXT'), text: z.string() });
export const MediaMessage = z.looseObject({
  type: z.enum(MEDIA_TYPES),
  url: z.string().min(1),
  caption: nullableString,
  filename: nullableString,
});
export const LocationMessage = z.looseObject({
  type: z.literal('LOCATION'),
  latitude: z.number(),
  longitude: z.number(),
  name: nullableString,
  address: nullableString,
  url: nullableString,
});
export const ContactMessage = z.looseObject({ type: z.literal('CONTACT'), contacts: z.array(z.unknown()) });
export const ButtonMessage = z.looseObject({ type: z.literal('BUTTON'), text: z.string(), payload: nullableString });
export const InteractiveReplyMessage = z.looseObject({
  type: z.enum(['INTERACTIVE_BUTTON_REPLY', 'INTERACTIVE_LIST_REPLY']),
  id: z.string(),
  title: z.string(),
  description: nullableString,
});

export const Contact = z
  .looseObject({
    name: nullableString,
    phoneNumber: nullableString,
    userId: nullableString,
    parentUserId: nullableString,
    username: nullableString,
  })
  .nullish();

/** Inbound message result: it has `message`. `from` may be missing for users known only by username. */
export const InboundResult = z.looseObject({
  from: nullableString,
  to: z.string(),
  integrationType: z.string().optional(),
  receivedAt: z.string(),
  messageId: z.string().min(1),
  pairedMessageId: nullableString,
  callbackData: nullableString,
  message: InboundMessageBody,
  contact: Contact,
  price: z.unknown().optional(),
});
export type InboundResult = z.infer<typeof InboundResult>;

const Status = z.looseObject({
  groupId: z.number().optional(),
  groupName: z.string(),
  id: z.number().optional(),
  name: z.string().optional(),
  description: nullableString,
});

const ReportError = z
  .looseObject({
    groupId: z.number().optional(),
    groupName: z.string().optional(),
    id: z.number().optional(),
    name: z.string().optional(),
    description: nullableString,
    permanent: z.boolean().optional(),
  })
  .nullish();

export const DELIVERY_GROUPS = ['PENDING', 'UNDELIVERABLE', 'DELIVERED', 'EXPIRED', 'REJECTED'] as const;

/** Delivery report result: it has `status`. */
export const DeliveryResult = z.looseObject({
  messageId: z.string().min(1),
  to: nullableString,
  sentAt: nullableString,
  doneAt: nullableString,
  callbackData: nullableString,
  status: Status,
  error: ReportError,
});
export type DeliveryResult = z.infer<typeof DeliveryResult>;

/** Seen report result: it has `seenAt`. */
export const SeenResult = z.looseObject({
  messageId: z.string().min(1),
  from: nullableString,
  to: nullableString,
  sentAt: nullableString,
  seenAt: z.string(),
});
export type SeenResult = z.infer<typeof SeenResult>;

/** Every webhook body is `{ results: [...] }`; each result is told apart by its fields. */
export const WebhookBody = z.looseObject({
  results: z.array(z.record(z.string(), z.unknown())),
  messageCount: z.number().optional(),
  pendingMessageCount: z.number().optional(),
});

// --- Send API --------------------------------------------------------------------------------

const Envelope = {
  from: z.string().min(1),
  to: z.string().min(1),
  messageId: z.string().min(1).max(200),
  callbackData: z.string().max(4000).optional(),
  notifyUrl: z.string().optional(),
};

export const SendTextBody = z.object({
  ...Envelope,
  content: z.object({ text: z.string().min(1).max(4096), previewUrl: z.boolean().optional() }),
});

export const SendMediaBody = z.object({
  ...Envelope,
  content: z.object({
    mediaUrl: z.string().min(1),
    caption: z.string().max(3000).optional(),
    filename: z.string().max(240).optional(),
  }),
});

export const SendButtonsBody = z.object({
  ...Envelope,
  content: z.object({
    body: z.object({ text: z.string().min(1).max(1024) }),
    action: z.object({
      buttons: z
        .array(z.object({ type: z.literal('REPLY'), id: z.string().min(1).max(256), title: z.string().min(1).max(20) }))
        .min(1)
        .max(3),
    }),
  }),
});

export const SendListBody = z.object({
  ...Envelope,
  content: z.object({
    body: z.object({ text: z.string().min(1).max(4096) }),
    action: z.object({
      title: z.string().min(1).max(20),
      sections: z
        .array(
          z.object({
            title: z.string().max(24).optional(),
            rows: z
              .array(
                z.object({
                  id: z.string().min(1).max(200),
                  title: z.string().min(1).max(24),
                  description: z.string().max(72).optional(),
                }),
              )
              .min(1),
          }),
        )
        .min(1)
        .max(10)
        // WhatsApp allows 10 rows across all sections of a list.
        .refine((sections) => sections.reduce((n, s) => n + s.rows.length, 0) <= 10, 'at most 10 rows'),
    }),
  }),
});

export const SendTemplateBody = z.object({
  messages: z
    .array(
      z.object({
        ...Envelope,
        content: z.object({
          templateName: z.string().min(1),
          templateData: z.object({ body: z.object({ placeholders: z.array(z.string()) }) }).loose(),
          language: z.string().min(2),
        }),
      }),
    )
    .min(1),
});

export type SendTextBody = z.infer<typeof SendTextBody>;
export type SendMediaBody = z.infer<typeof SendMediaBody>;
export type SendButtonsBody = z.infer<typeof SendButtonsBody>;
export type SendListBody = z.infer<typeof SendListBody>;
export type SendTemplateBody = z.infer<typeof SendTemplateBody>;

/** The status Infobip answers a single send with. */
export const SendResponse = z.looseObject({
  to: z.string().optional(),
  messageCount: z.number().optional(),
  messageId: z.string(),
  status: Status,
});
export type SendResponse = z.infer<typeof SendResponse>;

/** The template endpoint answers a batch. */
export const SendTemplateResponse = z.looseObject({
  messages: z.array(SendResponse),
  bulkId: z.string().nullish(),
});

/** Infobip's error body: `{ requestError: { serviceException: { messageId, text } } }`. */
export const ApiErrorBody = z.looseObject({
  requestError: z.looseObject({
    serviceException: z.looseObject({ messageId: z.string().optional(), text: z.string().optional() }).optional(),
    policyException: z.looseObject({ messageId: z.string().optional(), text: z.string().optional() }).optional(),
  }),
});
