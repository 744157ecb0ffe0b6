import { z } from '@hono/zod-openapi';
import { SETTINGS_SHAPE } from '../../../core/tenancy/settings';

const Count = z.number().int().min(0);
const Money = z.number().int().min(0).openapi({ description: 'Minor units (centavos) of `currency`' });
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .openapi({ description: 'A calendar day in `timezone`', example: '2026-03-14' });
const Figures = z.object({ orders: Count, revenue: Money });
const Amounts = z.object({ count: Count, amount: Money });

export const StatsSummaryQuery = z.object({
  // A zone name only: Intl also takes UTC offsets ("+03:00"), which PostgreSQL reads as POSIX
  // zones with the sign reversed.
  tz: SETTINGS_SHAPE.timezone
    .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'Expected an IANA time zone name')
    .optional()
    .openapi({
      param: { name: 'tz', in: 'query' },
      description: "IANA time zone the days are counted in; the workspace's `settings.timezone` when absent",
      example: 'America/Argentina/Buenos_Aires',
    }),
});

/** Each section is `null` when the caller's role cannot read what it counts (the permission named on it). */
export const StatsSummarySchema = z
  .object({
    timezone: z.string().openapi({ example: 'America/Argentina/Buenos_Aires' }),
    currency: z
      .string()
      .openapi({ description: 'The workspace currency; money figures count only it', example: 'ARS' }),
    today: Day,
    sales: z
      .object({
        today: Figures,
        last7Days: Figures,
        byDay: z.array(z.object({ day: Day, orders: Count, revenue: Money })),
      })
      .nullable()
      .openapi({
        description:
          'Needs `orders:read`. Orders CONFIRMED, SHIPPED or DELIVERED, dated by when they were confirmed; `byDay` has the 7 days ending today, oldest first.',
      }),
    conversations: z
      .object({
        open: Count.openapi({ description: 'Conversations not IDLE and not DONE' }),
        pendingHandoffs: Count.openapi({ description: 'In HANDOFF and assigned to nobody' }),
      })
      .nullable()
      .openapi({ description: 'Needs `conversations:read`' }),
    stock: z
      .object({
        lowStockVariants: Count.openapi({ description: 'Live variants at or below their low-stock threshold' }),
      })
      .nullable()
      .openapi({ description: 'Needs `stock:read`' }),
    payments: z
      .object({
        pendingVerification: Amounts.openapi({ description: 'Payments registered and not yet verified' }),
        verifiedLast7Days: Amounts.openapi({ description: 'Payments verified with a payment date in the last 7 days' }),
      })
      .nullable()
      .openapi({ description: 'Needs `payments:read`' }),
  })
  .openapi('StatsSummary');
