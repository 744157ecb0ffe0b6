/**
 * Shapes of the API's JSON answers as the browser receives them (dates are ISO strings). Where a
 * route's schema module exports the response schema, the type is inferred from it (`import type`
 * only: nothing of the server is bundled); the rest mirror workers/http/routes/<resource>/schema.ts.
 */
import type { z } from 'zod';
import type { ApprovalSchema } from '../../workers/http/routes/approvals/schema';
import type { AttachmentSchema } from '../../workers/http/routes/attachments/schema';
import type { UserSchema } from '../../workers/http/routes/auth/schema';
import type { ConnectionSchema, ConnectionSecretsSchema } from '../../workers/http/routes/connections/schema';
import type {
  ConversationSchema,
  HandoffSchema,
  MessageSchema,
  OutboundMessageSchema,
  OperatorMessageBody,
  SimulateResponseSchema,
} from '../../workers/http/routes/conversations/schema';
import type {
  CustomerAddressSchema,
  CustomerDetailSchema,
  CustomerOrderSummarySchema,
  CustomerSchema,
} from '../../workers/http/routes/customers/schema';
import type { MemberSchema } from '../../workers/http/routes/members/schema';
import type { UndeliveredMessageSchema } from '../../workers/http/routes/messages/schema';
import type { OrderItemSchema, OrderSchema, OrderSummarySchema } from '../../workers/http/routes/orders/schema';
import type { PaymentListSchema, PaymentSchema } from '../../workers/http/routes/payments/schema';
import type { PermissionCatalogueSchema } from '../../workers/http/routes/permissions/schema';
import type { ImportReportSchema, ProductSchema, VariantSchema } from '../../workers/http/routes/products/schema';
import type { QueueOverviewSchema } from '../../workers/http/routes/ops/schema';
import type { RoleSchema } from '../../workers/http/routes/roles/schema';
import type { StatsSummarySchema } from '../../workers/http/routes/stats/schema';
import type { StockCountsSchema, StockLevelSchema, StockMovementSchema } from '../../workers/http/routes/stock/schema';
import type {
  WorkspaceSchema,
  WorkspaceSettings as WorkspaceSettingsSchema,
} from '../../workers/http/routes/workspaces/schema';

export type Iso = string;

/** A response schema's output as it arrives over JSON: every `Date` becomes an ISO string. */
export type Wire<T> = T extends Date
  ? Iso
  : T extends ReadonlyArray<infer U>
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The JSON body of a response described by `schema`. */
export type JsonOf<S extends z.ZodType> = Wire<z.output<S>>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type User = JsonOf<typeof UserSchema>;

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user?: User;
}

export type AgentSettings = NonNullable<WorkspaceSettings['agent']>;

export type WorkspaceSettings = JsonOf<typeof WorkspaceSettingsSchema>;

export type Workspace = JsonOf<typeof WorkspaceSchema>;

export type Member = JsonOf<typeof MemberSchema>;

export type Role = JsonOf<typeof RoleSchema>;

export type PermissionCatalogue = JsonOf<typeof PermissionCatalogueSchema>;

export type StockCounts = JsonOf<typeof StockCountsSchema>;

export type ProductStatus = Product['status'];
export type VariantStatus = Variant['status'];

export type Variant = JsonOf<typeof VariantSchema>;

export type Product = JsonOf<typeof ProductSchema>;

export type ImportReport = JsonOf<typeof ImportReportSchema>;

export type StockLevel = JsonOf<typeof StockLevelSchema>;

export type StockMovement = JsonOf<typeof StockMovementSchema>;

export type OrderStatus = OrderSummary['status'];
export type OrderPaymentStatus = OrderSummary['paymentStatus'];

export type OrderSummary = JsonOf<typeof OrderSummarySchema>;

export type OrderItem = JsonOf<typeof OrderItemSchema>;

/** Who did something (an order's creator, a history entry's author). */
export type Actor = Order['createdBy'];

export type Order = JsonOf<typeof OrderSchema>;

export type PaymentMethod = Payment['method'];

export type Payment = JsonOf<typeof PaymentSchema>;

export type PaymentList = JsonOf<typeof PaymentListSchema>;

export type Attachment = JsonOf<typeof AttachmentSchema>;

export type Customer = JsonOf<typeof CustomerSchema>;

export type CustomerAddress = JsonOf<typeof CustomerAddressSchema>;

export type CustomerOrderSummary = JsonOf<typeof CustomerOrderSummarySchema>;

export type CustomerDetail = JsonOf<typeof CustomerDetailSchema>;

export type ConversationState = JsonOf<typeof ConversationSchema>['state'];

/**
 * Still written by hand, unlike the rest: `windowExpiresAt` is optional here (the server always
 * sends it) because test/unit/dashboard/inbox-reply-rules.test.ts builds conversations without it.
 */
export interface Conversation {
  id: string;
  channel: 'whatsapp' | 'simulator';
  contact: string;
  customer: { id: string; name: string | null; phone: string | null } | null;
  state: ConversationState;
  owner: 'agent' | 'human';
  assignedUserId: string | null;
  handoffReason: string | null;
  draftOrderId: string | null;
  unreadCount: number;
  lastMessageAt: Iso | null;
  lastMessagePreview: string | null;
  lastCustomerMessageAt: Iso | null;
  /** When WhatsApp's 24 h reply window closes; null when it is closed (only templates can be sent). */
  windowExpiresAt?: Iso | null;
  createdAt: Iso;
  updatedAt: Iso;
}

/** One human stretch of a conversation (`GET /conversations/:id/handoffs`). */
export type ConversationHandoff = JsonOf<typeof HandoffSchema>;

/** What an operator sends (`POST /conversations/:id/messages`). */
export type OperatorReply = JsonOf<typeof OperatorMessageBody>;

export type ConversationMessage = JsonOf<typeof MessageSchema>;

export type OutboundMessage = JsonOf<typeof OutboundMessageSchema>;

export type SimulateResult = JsonOf<typeof SimulateResponseSchema>;

export type Approval = JsonOf<typeof ApprovalSchema>;

export type Connection = JsonOf<typeof ConnectionSchema>;

export type ConnectionSecrets = JsonOf<typeof ConnectionSecretsSchema>;

export type UndeliveredMessage = JsonOf<typeof UndeliveredMessageSchema>;

export type QueueOverview = JsonOf<typeof QueueOverviewSchema>;

export type StatsSummary = JsonOf<typeof StatsSummarySchema>;
