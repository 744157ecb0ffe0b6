/**
 * The permission catalogue: every `resource:action` Nexova checks, current and upcoming, with
 * the default permission sets of the four roles a new workspace starts with. It is the one
 * source for `requirePermission(...)` (its argument is typed from here), role validation,
 * `GET /api/v1/permissions` and docs/permissions.md (`npm run docs:permissions`).
 *
 * Adding a permission: add it here, run `npm run docs:permissions`, then guard the route with it.
 */
export const PERMISSION_CATALOGUE = {
  workspaces: {
    description: 'The workspace itself: name and settings',
    actions: {
      read: 'See the workspace and its settings',
      update: 'Rename the workspace and change its settings',
      delete: 'Soft-delete the workspace (effective for the Owner role only)',
    },
  },
  members: {
    description: 'People with access to the workspace',
    actions: {
      read: 'List members and their roles',
      invite: 'Add a registered user as a member',
      update: "Change a member's role",
      remove: 'Remove a member from the workspace',
    },
  },
  roles: {
    description: 'Roles and the permissions they grant',
    actions: {
      read: 'List roles and their permissions',
      create: 'Create custom roles',
      update: 'Edit custom roles',
      delete: 'Delete custom roles no member holds',
    },
  },
  audit: {
    description: 'The audit trail of every write',
    actions: {
      read: 'Search the audit log',
      export: 'Export the audit log as CSV',
    },
  },
  products: {
    description: 'Catalogue of products and variants',
    actions: {
      read: 'List and view products',
      create: 'Create products and variants',
      update: 'Edit products, variants and prices',
      delete: 'Soft-delete products',
      import: 'Bulk-import products from CSV or Excel',
    },
  },
  stock: {
    description: 'Inventory levels and movements',
    actions: {
      read: 'See stock levels and the movement history',
      adjust: 'Adjust stock manually (receipts, shrinkage, counts)',
      reserve: 'Reserve and release stock for orders',
    },
  },
  customers: {
    description: 'Customer records',
    actions: {
      read: 'List, search and view customers',
      create: 'Create customers',
      update: 'Edit customers',
      delete: 'Delete customers',
      merge: 'Merge a duplicate customer into another (moves its orders and addresses)',
    },
  },
  orders: {
    description: 'Orders and their lifecycle',
    actions: {
      read: 'List and view orders',
      create: 'Create orders',
      update: 'Edit draft and pending orders',
      confirm: 'Confirm orders',
      cancel: 'Cancel orders',
      fulfill: 'Mark orders as shipped or delivered',
    },
  },
  payments: {
    description: 'Payments registered against orders',
    actions: {
      read: 'See payments and receipts',
      create: 'Register payments and attach receipts',
      update: 'Correct a registered payment',
      verify: 'Mark a payment as verified against its receipt',
    },
  },
  conversations: {
    description: 'WhatsApp conversations handled by the agent and operators',
    actions: {
      read: 'Read the inbox and transcripts',
      reply: 'Send messages as a human operator',
      assign: 'Take conversations: assign them to yourself',
      handoff: 'Send conversations to the human queue and release them to the agent',
      simulate: 'Use the customer simulator (development sandbox)',
    },
  },
  connections: {
    description: 'WhatsApp (Infobip) connections of the workspace',
    actions: {
      read: 'See connections (secrets are never shown)',
      create: 'Add a connection',
      update: 'Edit a connection and rotate its credentials',
      delete: 'Remove a connection',
    },
  },
  approvals: {
    description: 'Agent actions waiting for a human decision',
    actions: {
      read: 'See pending and past approval requests',
      decide: 'Approve or reject a request',
    },
  },
  ops: {
    description: 'Operations: queues, dead letters, outbox, health',
    actions: {
      read: 'See queue depths, dead-lettered messages and outbox state',
      retry: 'Redrive dead-lettered messages',
    },
  },
  files: {
    description: 'Uploaded files: receipts, product images, imports',
    actions: {
      read: 'Download files',
      upload: 'Upload files',
      delete: 'Delete files',
    },
  },
} as const satisfies Record<string, { description: string; actions: Record<string, string> }>;

type Catalogue = typeof PERMISSION_CATALOGUE;
export type Resource = keyof Catalogue;
/** A concrete catalogue permission, e.g. `'orders:read'`. */
export type Permission = { [R in Resource]: `${R}:${keyof Catalogue[R]['actions'] & string}` }[Resource];

export interface PermissionEntry {
  permission: Permission;
  resource: Resource;
  action: string;
  description: string;
}

export const RESOURCES = Object.keys(PERMISSION_CATALOGUE) as Resource[];

/** Every catalogue permission, in catalogue order. */
export const PERMISSIONS: readonly PermissionEntry[] = RESOURCES.flatMap((resource) =>
  Object.entries(PERMISSION_CATALOGUE[resource].actions).map(([action, description]) => ({
    permission: `${resource}:${action}` as Permission,
    resource,
    action,
    description: description as string,
  })),
);

const KNOWN = new Set<string>(PERMISSIONS.map((p) => p.permission));
const KNOWN_RESOURCES = new Set<string>(RESOURCES);

/** Whether `value` may be stored in a role: a catalogue permission, `<catalogue resource>:*`, or `*`. */
export function isGrantablePermission(value: string): boolean {
  if (value === '*') return true;
  if (KNOWN.has(value)) return true;
  return value.endsWith(':*') && KNOWN_RESOURCES.has(value.slice(0, -2));
}

/** The entries of `values` that are not grantable (see `isGrantablePermission`), without repeats. */
export function unknownPermissions(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => !isGrantablePermission(v)))];
}

const reads = (...resources: Resource[]) => resources.map((r) => `${r}:read` as Permission);

export type DefaultRoleName = 'Owner' | 'Admin' | 'Operator' | 'Viewer';

export interface DefaultRole {
  name: DefaultRoleName;
  description: string;
  /** System roles cannot be edited or deleted; their permissions always follow this catalogue. */
  system: boolean;
  permissions: readonly string[];
}

/**
 * The roles every workspace starts with. Owner and Admin are system roles; Operator and Viewer
 * are defaults the workspace may edit or delete like custom roles.
 */
export const DEFAULT_ROLES: readonly DefaultRole[] = [
  {
    name: 'Owner',
    description: 'Full control, including deleting the workspace and managing other Owners',
    system: true,
    permissions: ['*'],
  },
  {
    name: 'Admin',
    description: 'Everything except deleting the workspace; cannot grant, change or remove Owners',
    system: true,
    permissions: [
      'workspaces:read',
      'workspaces:update',
      ...RESOURCES.filter((r) => r !== 'workspaces').map((r) => `${r}:*`),
    ],
  },
  {
    name: 'Operator',
    description: 'Day-to-day selling: catalogue, stock, customers, orders, payments and the inbox',
    system: false,
    permissions: [
      ...reads('workspaces', 'members'),
      'products:read',
      'products:create',
      'products:update',
      'stock:read',
      'stock:adjust',
      'stock:reserve',
      'customers:read',
      'customers:create',
      'customers:update',
      'customers:merge',
      'orders:*',
      'payments:read',
      'payments:create',
      'payments:update',
      'payments:verify',
      'conversations:read',
      'conversations:reply',
      'conversations:assign',
      'conversations:handoff',
      'approvals:read',
      'approvals:decide',
      'files:read',
      'files:upload',
    ] satisfies Array<Permission | `${Resource}:*`>,
  },
  {
    name: 'Viewer',
    description: 'Read-only access to the business data',
    system: false,
    // Not audit or ops: who did what and the operational internals are for Admins.
    permissions: reads(
      'workspaces',
      'members',
      'roles',
      'products',
      'stock',
      'customers',
      'orders',
      'payments',
      'conversations',
      'connections',
      'approvals',
      'files',
    ),
  },
];

export const OWNER_ROLE_NAME: DefaultRoleName = 'Owner';

/** The catalogue's permission set for a system role, or `undefined` if `name` is not one. */
export function systemRolePermissions(name: string): readonly string[] | undefined {
  return DEFAULT_ROLES.find((r) => r.system && r.name === name)?.permissions;
}
