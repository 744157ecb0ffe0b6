/**
 * Shapes of the API's JSON answers as the browser receives them (dates are ISO strings). They
 * mirror the response schemas in workers/http/routes/<resource>/schema.ts.
 */
export type Iso = string;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: Iso;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user?: User;
}

export interface AgentSettings {
  model?: string;
  persona?: string;
  policies?: string | string[];
  sessionTimeoutMinutes?: number;
}

export interface WorkspaceSettings {
  currency: string;
  timezone: string;
  language: string;
  agent?: AgentSettings;
  businessHours?: string | Record<string, string>;
}

export interface Workspace {
  id: string;
  name: string;
  settings: WorkspaceSettings;
  role: { id: string; name: string };
  permissions: string[];
  createdAt: Iso;
  updatedAt: Iso;
}

export interface Member {
  id: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: { id: string; name: string };
  status: string;
  createdAt: Iso;
}

export interface Role {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  isSystem: boolean;
  memberCount: number;
}

export interface PermissionCatalogue {
  resources: Array<{
    resource: string;
    description: string;
    wildcard: string;
    permissions: Array<{ permission: string; action: string; description: string }>;
  }>;
  defaultRoles: Array<{ name: string; description: string; system: boolean; permissions: string[] }>;
}

export interface StockCounts {
  variantId: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  low: boolean;
}

export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
export type VariantStatus = 'ACTIVE' | 'ARCHIVED';

export interface Variant {
  id: string;
  productId: string;
  sku: string;
  attributes: Record<string, string>;
  priceOverride: number | null;
  price: number;
  currency: string;
  status: VariantStatus;
  stock: StockCounts;
}

export interface Product {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  tags: string[];
  status: ProductStatus;
  basePrice: number;
  currency: string;
  images: Array<{ url: string; alt?: string }>;
  variants: Variant[];
  createdAt: Iso;
  updatedAt: Iso;
}

export interface ImportReport {
  dryRun: boolean;
  summary: { rows: number; created: number; updated: number; failed: number };
  rows: Array<{ line: number; sku: string; status: 'created' | 'updated' | 'error'; errors?: string[] }>;
}

export interface StockLevel extends StockCounts {
  productId: string;
  productName: string;
  sku: string;
  attributes: Record<string, string>;
  updatedAt: Iso | null;
}

export interface StockMovement {
  id: string;
  variantId: string;
  delta: number;
  onHandAfter: number;
  reason: string;
  reference: { type: string; id: string } | null;
  actor: { type: 'user' | 'agent' | 'system'; id?: string | null };
  note: string | null;
  createdAt: Iso;
}

export type OrderStatus = 'DRAFT' | 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
export type OrderPaymentStatus = 'UNPAID' | 'PARTIAL' | 'PAID';

export interface OrderSummary {
  id: string;
  number: number;
  status: OrderStatus;
  paymentStatus: OrderPaymentStatus;
  customer: { id: string; name: string | null; phone: string | null } | null;
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
  currency: string;
  itemCount: number;
  source: 'DASHBOARD' | 'AGENT' | 'API';
  confirmedAt: Iso | null;
  cancelledAt: Iso | null;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface OrderItem {
  id: string;
  variantId: string;
  productId: string;
  name: string;
  sku: string;
  attributes: Record<string, string>;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  heldUntil: Iso | null;
}

export interface Actor {
  type: 'user' | 'agent' | 'system';
  id?: string | null;
}

export interface Order extends OrderSummary {
  items: OrderItem[];
  delivery: {
    method: 'DELIVERY' | 'PICKUP';
    recipientName?: string;
    phone?: string;
    address?: { street: string; number?: string; apartment?: string; city: string; province?: string };
    schedule?: string;
    notes?: string;
  } | null;
  notes: string | null;
  createdBy: Actor;
  payments: Array<{
    id: string;
    method: string;
    amount: number;
    currency: string;
    status: string;
    reference: string | null;
    paidAt: Iso | null;
    createdAt: Iso;
  }>;
  history: Array<{
    id: string;
    from: OrderStatus | null;
    to: OrderStatus;
    actor: Actor;
    reason: string | null;
    createdAt: Iso;
  }>;
}

export type PaymentMethod = 'CASH' | 'TRANSFER' | 'CARD' | 'MERCADOPAGO' | 'OTHER';

export interface Payment {
  id: string;
  orderId: string;
  method: PaymentMethod;
  amount: number;
  currency: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  reference: string | null;
  paidAt: Iso | null;
  notes: string | null;
  createdAt: Iso;
}

export interface PaymentList {
  items: Payment[];
  summary: {
    orderId: string;
    total: number;
    currency: string;
    paid: number;
    pending: number;
    paymentStatus: OrderPaymentStatus;
  };
}

export interface Attachment {
  id: string;
  paymentId: string | null;
  orderId: string | null;
  filename: string | null;
  contentType: string;
  size: number;
  createdAt: Iso;
}

export interface Customer {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  waUserId: string | null;
  notes: string | null;
  tags: string[];
  createdAt: Iso;
  updatedAt: Iso;
}

export interface CustomerAddress {
  id: string;
  label: string | null;
  street: string;
  number: string | null;
  apartment: string | null;
  city: string;
  province: string | null;
  postalCode: string | null;
  country: string;
  isDefault: boolean;
}

export interface CustomerOrderSummary {
  id: string;
  number: number;
  status: OrderStatus;
  paymentStatus: OrderPaymentStatus;
  total: number;
  currency: string;
  createdAt: Iso;
}

export interface CustomerDetail extends Customer {
  addresses: CustomerAddress[];
  recentOrders: CustomerOrderSummary[];
  totals: { orderCount: number; totalSpent: Array<{ currency: string; amount: number }>; lastOrderAt: Iso | null };
}

export type ConversationState =
  'IDLE' | 'COLLECTING_ORDER' | 'NEEDS_DETAILS' | 'AWAITING_CONFIRMATION' | 'EXECUTING' | 'DONE' | 'HANDOFF';

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
export interface ConversationHandoff {
  id: string;
  reason: string | null;
  requestedBy: string | null;
  startedAt: Iso;
  assignedUserId: string | null;
  assignedAt: Iso | null;
  endedAt: Iso | null;
  endedBy: string | null;
}

/** What an operator sends (`POST /conversations/:id/messages`). */
export type OperatorReply =
  { type: 'text'; text: string } | { type: 'template'; templateName: string; language: string; placeholders: string[] };

export interface ConversationMessage {
  id: string;
  direction: 'inbound' | 'outbound' | 'internal';
  role: 'customer' | 'agent' | 'operator' | 'system' | 'tool';
  type: string;
  content: string | null;
  media: Record<string, unknown> | null;
  toolCalls: unknown;
  status: 'RECEIVED' | 'QUEUED' | 'HELD' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';
  error: string | null;
  /** The operator who wrote it (operator replies). */
  authorUserId?: string | null;
  createdAt: Iso;
}

export type OutboundMessage =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; caption?: string }
  | { type: 'document'; url: string; filename: string; caption?: string }
  | { type: 'buttons'; text: string; buttons: Array<{ id: string; title: string }> }
  | {
      type: 'list';
      text: string;
      button: string;
      sections: Array<{ title: string; rows: Array<{ id: string; title: string; description?: string }> }>;
    };

export interface SimulateResult {
  sessionId: string;
  messageId: string;
  duplicate: boolean;
  state: ConversationState;
  owner: 'agent' | 'human';
  replies: Array<{ id: string; message: OutboundMessage }>;
  turn: { id: string; status: 'COMPLETED' | 'FAILED'; reason: string } | null;
}

export interface Approval {
  id: string;
  sessionId: string | null;
  tool: string;
  input: unknown;
  reason: string | null;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  result: unknown;
  decidedBy: string | null;
  decidedAt: Iso | null;
  createdAt: Iso;
}

export interface Connection {
  id: string;
  name: string;
  provider: 'infobip';
  baseUrl: string | null;
  sandbox: boolean;
  sender: string;
  webhookAuth: 'BASIC' | 'HMAC' | 'NONE';
  webhookUrl: string;
  hmacHeader: string;
  basicUsername: string;
  apiKeyLast4: string | null;
  webhookSecretLast4: string;
  createdAt: Iso;
}

export interface ConnectionSecrets {
  webhookSecret: string;
  basicUsername: string;
  basicPassword: string;
}

export interface UndeliveredMessage {
  id: string;
  sessionId: string;
  contact: string;
  role: string;
  type: string;
  content: string | null;
  status: 'FAILED' | 'HELD' | 'QUEUED';
  error: string | null;
  createdAt: Iso;
  updatedAt: Iso;
}
