import { z } from 'zod';

/**
 * Input shapes of the customer functions, shared by the HTTP routes (which add OpenAPI names)
 * and the agent's tools. Phones are accepted as written and normalised by the domain.
 */
const text = (max: number) => z.string().trim().min(1).max(max);

const Country = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as AR');

const addressFields = {
  label: text(60).nullish().describe('e.g. "Casa", "Trabajo"'),
  street: text(200),
  number: text(20).nullish(),
  apartment: text(40).nullish(),
  city: text(100),
  province: text(100).nullish(),
  postalCode: text(20).nullish(),
  country: Country.optional(),
  notes: text(500).nullish(),
  isDefault: z.boolean().optional().describe('Make this the default address (the only one)'),
};

export const AddressInputSchema = z.object({ ...addressFields, country: Country.default('AR') }).strict();
export type AddressInput = z.infer<typeof AddressInputSchema>;

export const AddressPatchSchema = z
  .object(addressFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change');
export type AddressPatch = z.infer<typeof AddressPatchSchema>;

const Phone = z.string().trim().min(3).max(40).describe('Any common writing; stored as E.164 (AR by default)');
const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('email must be a valid e-mail address'))
  .pipe(z.string().max(254));
const Tags = z.array(text(40)).max(20).describe('Free labels such as "mayorista"');

export const CustomerInputSchema = z
  .object({
    name: text(200).nullish(),
    phone: Phone.nullish(),
    email: Email.nullish(),
    waUserId: text(100).nullish().describe('WhatsApp identity of the contact'),
    notes: text(2000).nullish(),
    tags: Tags.optional(),
    addresses: z
      .array(AddressInputSchema)
      .max(10)
      .refine((list) => list.filter((a) => a.isDefault).length <= 1, 'At most one address can be the default')
      .optional(),
  })
  .strict()
  .refine(
    (b) => Boolean(b.name || b.phone || b.email || b.waUserId),
    'Send at least one of name, phone, email or waUserId',
  );
export type CustomerInput = z.infer<typeof CustomerInputSchema>;

export const CustomerPatchSchema = z
  .object({
    name: text(200).nullable().optional(),
    phone: Phone.nullable().optional(),
    email: Email.nullable().optional(),
    waUserId: text(100).nullable().optional(),
    notes: text(2000).nullable().optional(),
    tags: Tags.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change');
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;
