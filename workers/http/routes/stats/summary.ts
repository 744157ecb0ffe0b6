import { createRoute, type z } from '@hono/zod-openapi';
import { conversationStats } from '../../../agent/inbox-stats';
import type { Permission } from '../../../core/rbac/catalogue';
import { hasPermission } from '../../../core/rbac/permissions';
import { getWorkspace } from '../../../core/tenancy/workspaces';
import { localDay, paymentStats, salesStats } from '../../../retail/stats';
import { countLowStock } from '../../../retail/stock';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requireWorkspace } from '../../middleware/tenant';
import { StatsSummaryQuery, StatsSummarySchema } from './schema';

/** The permission each section needs; a caller with none of them is refused. */
const SECTION_PERMISSIONS = {
  sales: 'orders:read',
  conversations: 'conversations:read',
  stock: 'stock:read',
  payments: 'payments:read',
} as const satisfies Record<string, Permission>;

const DAYS = 7;

const route = createRoute({
  method: 'get',
  path: '/api/v1/stats/summary',
  tags: ['stats'],
  operationId: 'getStatsSummary',
  summary: "The home's figures in one call",
  description:
    "Today's and the last 7 days' sales (with revenue per day), open conversations, pending handoffs, low-stock variants and payments waiting for verification. Days are calendar days in `tz` (default: the workspace time zone). Each section needs its own read permission (`orders:read`, `conversations:read`, `stock:read`, `payments:read`) and is `null` without it; a caller with none of them gets 403.",
  middleware: [requireAuth, requireWorkspace] as const,
  security: [{ bearerAuth: [] }],
  request: { query: StatsSummaryQuery },
  responses: {
    200: { description: 'Home figures', content: { 'application/json': { schema: StatsSummarySchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type StatsSummaryResponse = z.infer<typeof StatsSummarySchema>;

export const registerStatsSummary = (app: App) =>
  app.openapi(route, async (c) => {
    const { workspaceId, userId, permissions } = c.var.tenant;
    const can = (section: keyof typeof SECTION_PERMISSIONS) => hasPermission(permissions, SECTION_PERMISSIONS[section]);
    if (!Object.keys(SECTION_PERMISSIONS).some((s) => can(s as keyof typeof SECTION_PERMISSIONS))) {
      throw new ApiError('FORBIDDEN', `Missing permission: one of ${Object.values(SECTION_PERMISSIONS).join(', ')}`);
    }
    const workspace = await getWorkspace({ db: c.var.db }, { workspaceId, userId });
    if (!workspace.ok) throw new ApiError('NOT_FOUND', 'Workspace not found');
    const { currency } = workspace.value.settings;
    const timezone = c.req.valid('query').tz ?? workspace.value.settings.timezone;
    const period = { workspaceId, currency, timezone, now: new Date(), days: DAYS };
    const db = c.var.db;
    const [sales, conversations, lowStock, payments] = await Promise.all([
      can('sales') ? salesStats(db, period) : null,
      can('conversations') ? conversationStats(db, { workspaceId }) : null,
      can('stock') ? countLowStock({ db }, { workspaceId }) : null,
      can('payments') ? paymentStats(db, period) : null,
    ]);
    return c.json(
      StatsSummarySchema.parse({
        timezone,
        currency,
        today: localDay(period.now, timezone),
        sales: sales && { today: sales.today, last7Days: sales.lastDays, byDay: sales.byDay },
        conversations,
        stock: lowStock === null ? null : { lowStockVariants: lowStock },
        payments: payments && {
          pendingVerification: payments.pendingVerification,
          verifiedLast7Days: payments.verified,
        },
      }),
      200,
    );
  });
