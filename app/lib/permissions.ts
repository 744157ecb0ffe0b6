/**
 * Whether granted permissions cover `required` (`resource:action`), with `resource:*` and `*`
 * wildcards — the same rule as the server's (workers/core/rbac/permissions.ts), used only to
 * hide or disable actions; the API still enforces every permission.
 */
export function can(granted: readonly string[] | undefined, required: string): boolean {
  if (!granted) return false;
  const [resource] = required.split(':');
  return granted.some((grant) => grant === '*' || grant === required || grant === `${resource}:*`);
}
