/**
 * Permission matching. A permission is `resource:action` (lower-case letters, digits, `_`, `-`);
 * a grant may also be `resource:*` (every action of that resource) or `*` (everything).
 * Matching is by whole segments, so `order:*` never grants `orders:read`.
 */
const SEGMENT = '[a-z][a-z0-9_-]*';
const CONCRETE = new RegExp(`^${SEGMENT}:${SEGMENT}$`);
const RESOURCE_WILDCARD = new RegExp(`^${SEGMENT}:\\*$`);

/** `resource:action`, `resource:*` or `*`; anything else (spaces, upper case, `a:b:c`, `*:read`) is malformed. */
export function isWellFormedPermission(value: unknown): value is string {
  return typeof value === 'string' && (value === '*' || CONCRETE.test(value) || RESOURCE_WILDCARD.test(value));
}

/**
 * Whether the `granted` permissions cover `required`. `required` is usually concrete
 * (`orders:read`); a wildcard requirement is covered only by an equal or wider grant
 * (`orders:*` by `orders:*` or `*`). Malformed grants are ignored; a malformed requirement is
 * never satisfied. Pure: no I/O.
 */
export function hasPermission(granted: readonly unknown[] | null | undefined, required: string): boolean {
  if (!Array.isArray(granted) || !isWellFormedPermission(required)) return false;
  const [resource] = required.split(':');
  for (const grant of granted) {
    if (!isWellFormedPermission(grant)) continue;
    if (grant === '*') return true;
    if (required === '*') continue;
    if (grant === required) return true;
    if (grant === `${resource}:*`) return true;
  }
  return false;
}

/** The entries of `required` that `granted` does not cover (see `hasPermission`). */
export function missingPermissions(granted: readonly unknown[], required: readonly string[]): string[] {
  return required.filter((permission) => !hasPermission(granted, permission));
}
