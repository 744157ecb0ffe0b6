import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { currentContext } from '../../core/observability/context';
import { resolveMembership } from '../../core/tenancy/membership';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

export const WORKSPACE_HEADER = 'x-workspace-id';

/**
 * Tenant routes (`/api/v1/products`, `/orders`, …): the workspace comes from `x-workspace-id`.
 * Missing header → 400; not an active member of a live workspace → 404. Sets `c.var.tenant`.
 * Goes after `requireAuth`.
 */
export const requireWorkspace = createMiddleware<AppEnv>(async (c, next) => {
  const workspaceId = c.req.header(WORKSPACE_HEADER)?.trim();
  if (!workspaceId) throw new ApiError('BAD_REQUEST', `Missing ${WORKSPACE_HEADER} header`);
  await enterWorkspace(c, workspaceId);
  await next();
});

/**
 * `/api/v1/workspaces/{id}/…` routes: the workspace is the path's `id`, with the same rules as
 * `requireWorkspace` (the header, if any, is ignored). Goes after `requireAuth`.
 */
export const requireWorkspaceParam = createMiddleware<AppEnv>(async (c, next) => {
  await enterWorkspace(c, c.req.param('id') ?? '');
  await next();
});

/** The one place a request becomes a tenant request; every failure is the same 404. */
async function enterWorkspace(c: Context<AppEnv>, workspaceId: string): Promise<void> {
  const membership = workspaceId
    ? await resolveMembership({ db: c.var.db }, { workspaceId, userId: c.var.auth.userId })
    : undefined;
  if (!membership?.ok) throw new ApiError('NOT_FOUND', 'Workspace not found');
  const { userId, roleId, permissions } = membership.value;
  c.set('tenant', { workspaceId, userId, roleId, permissions });
  const ctx = currentContext();
  if (ctx) ctx.workspaceId = workspaceId;
}
