import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES, PAYMENT_STATUSES_OF_ORDER } from '../../../../db/schema';
import { PageQuerySchema, PageSchema } from '../../../core/pagination';
import {
  AddressInputSchema,
  AddressPatchSchema,
  CustomerInputSchema,
  CustomerPatchSchema,
} from '../../../retail/customers/schemas';
import { Timestamp } from '../workspaces/schema';

const pathParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: 'path' }, example });

export const CustomerIdParams = z.object({ id: pathParam('id', 'cus_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });
export const AddressParams = CustomerIdParams.extend({
  addressId: pathParam('addressId', 'adr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0'),
});
export const PhoneParams = z.object({ phone: pathParam('phone', '+5491155551234') });

export const ListCustomersQuery = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional().openapi({
    description: 'Part of the name or e-mail, or a phone written any common way ("11 5555-1234")',
    example: 'gómez',
  }),
});

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: 'cus_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    name: z.string().nullable().openapi({ example: 'Lucía Gómez' }),
    phone: z.string().nullable().openapi({ description: 'E.164', example: '+5491155551234' }),
    email: z.string().nullable().openapi({ example: 'lucia@example.com' }),
    waUserId: z.string().nullable().openapi({ example: '5491155551234' }),
    notes: z.string().nullable(),
    tags: z.array(z.string()).openapi({ example: ['mayorista'] }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Customer');

export const CustomerAddressSchema = z
  .object({
    id: z.string().openapi({ example: 'adr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    customerId: z.string(),
    label: z.string().nullable().openapi({ example: 'Casa' }),
    street: z.string().openapi({ example: 'Av. Corrientes' }),
    number: z.string().nullable().openapi({ example: '1234' }),
    apartment: z.string().nullable().openapi({ example: '5B' }),
    city: z.string().openapi({ example: 'CABA' }),
    province: z.string().nullable().openapi({ example: 'Buenos Aires' }),
    postalCode: z.string().nullable().openapi({ example: 'C1043' }),
    country: z.string().openapi({ example: 'AR' }),
    notes: z.string().nullable(),
    isDefault: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('CustomerAddress');

export const CustomerOrderSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    number: z.number().int().openapi({ example: 42 }),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES_OF_ORDER),
    total: z.number().int().openapi({ description: 'Minor units', example: 1_250_000 }),
    currency: z.string().openapi({ example: 'ARS' }),
    createdAt: Timestamp,
  })
  .openapi('CustomerOrderSummary');

export const CustomerWithAddressesSchema = CustomerSchema.extend({ addresses: z.array(CustomerAddressSchema) }).openapi(
  'CustomerWithAddresses',
);

export const CustomerDetailSchema = CustomerWithAddressesSchema.extend({
  recentOrders: z.array(CustomerOrderSummarySchema).openapi({ description: 'The 5 newest orders, any status' }),
  totals: z.object({
    orderCount: z.number().int().openapi({ description: 'Orders other than drafts' }),
    totalSpent: z
      .array(z.object({ currency: z.string(), amount: z.number().int() }))
      .openapi({ description: 'Sum of CONFIRMED, SHIPPED and DELIVERED order totals per currency (minor units)' }),
    lastOrderAt: Timestamp.nullable(),
  }),
}).openapi('CustomerDetail');

export const CustomerPageSchema = PageSchema(CustomerSchema).openapi('CustomerPage');
export const CustomerOrderPageSchema = PageSchema(CustomerOrderSummarySchema).openapi('CustomerOrderPage');

export const CreateCustomerBody = CustomerInputSchema.openapi('CreateCustomer', {
  example: {
    name: 'Lucía Gómez',
    phone: '11 5555-1234',
    email: 'lucia@example.com',
    tags: ['mayorista'],
    addresses: [
      {
        label: 'Casa',
        street: 'Av. Corrientes',
        number: '1234',
        city: 'CABA',
        province: 'Buenos Aires',
        country: 'AR',
      },
    ],
  },
});
export const UpdateCustomerBody = CustomerPatchSchema.openapi('UpdateCustomer', {
  description: 'Only the fields sent change; null clears a field.',
});
export const AddressBody = AddressInputSchema.openapi('CreateCustomerAddress');
export const AddressPatchBody = AddressPatchSchema.openapi('UpdateCustomerAddress');

export const MergeCustomerBody = z
  .object({ sourceCustomerId: z.string().min(1).max(100).openapi({ example: 'cus_01JC3M4Q9ZD2W8S5B6X7Y8Z9A1' }) })
  .strict()
  .openapi('MergeCustomer');

export const MergeResultSchema = z
  .object({
    customer: CustomerDetailSchema,
    moved: z.object({ orders: z.number().int(), addresses: z.number().int(), conversations: z.number().int() }),
  })
  .openapi('CustomerMergeResult');
