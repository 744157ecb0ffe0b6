import { createMiddleware } from 'hono/factory';
import type { Permission } from '../../core/rbac/catalogue';
import { hasPermission } from '../../core/rbac/permissions';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

/**
 * Requires the caller's role in the current workspace to grant `permission` (wildcards
 * included); otherwise 403 naming it. Goes after `requireWorkspace` or `requireWorkspaceParam`.
 */
export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const tenant = c.get('tenant');
    if (!tenant) throw new Error(`requirePermission('${permission}') used without requireWorkspace before it`);
    if (!hasPermission(tenant.permissions, permission)) {
      throw new ApiError('FORBIDDEN', `Missing permission ${permission}`);
    }
    await next();
  });
}
