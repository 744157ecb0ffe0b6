import { z } from 'zod';
import { PAYMENT_METHODS } from '../../../db/schema';

/** Input shapes of the payment functions, shared by the HTTP routes and the agent's tools. */
const Currency = z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as ARS');
const PaidAt = z.iso
  .datetime({ offset: true, message: 'paidAt must be an ISO 8601 date-time' })
  .transform((s) => new Date(s));

export const RegisterPaymentSchema = z
  .object({
    method: z.enum(PAYMENT_METHODS),
    amount: z
      .number()
      .int('amount must be an integer in minor units')
      .positive('amount must be greater than 0')
      .max(Number.MAX_SAFE_INTEGER),
    currency: Currency.optional().describe("Must equal the order's currency; the order's when omitted"),
    status: z
      .enum(['PENDING', 'CONFIRMED'])
      .optional()
      .describe('CONFIRMED by default for people, PENDING for the agent (a receipt an operator checks later)'),
    reference: z.string().trim().min(1).max(200).optional().describe('Transfer number, card voucher, MercadoPago id…'),
    paidAt: PaidAt.optional(),
    notes: z.string().trim().min(1).max(2000).optional(),
    allowOverpayment: z
      .boolean()
      .optional()
      .describe('Accept confirmed payments adding up to more than the order total'),
  })
  .strict();
export type RegisterPaymentInput = z.infer<typeof RegisterPaymentSchema>;

export const ReviewPaymentSchema = z
  .object({
    status: z.enum(['CONFIRMED', 'REJECTED']),
    reference: z.string().trim().min(1).max(200).optional(),
    allowOverpayment: z.boolean().optional(),
  })
  .strict();
export type ReviewPaymentInput = z.infer<typeof ReviewPaymentSchema>;
