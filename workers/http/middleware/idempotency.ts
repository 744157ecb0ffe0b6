import { z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  requestFingerprint,
} from '../../core/idempotency/keys';
import { metricsFor } from '../../core/observability/metrics-binding';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The header as routes declare it (`request.headers`), so the OpenAPI document shows it. Optional,
 * so validation never refuses a request for it; `idempotent` reads and checks the value.
 */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description:
      '`Idempotency-Key`: makes the request safe to retry for 24 h. The same key with the same body replays the first answer (`Idempotent-Replayed: true`); with another body → 422; while the first is running → 409.',
    example: '4f1c2a8e-5b7d-4c11-9e0a-2d6f8b3c7a91',
  }),
});

/**
 * `Idempotency-Key` on a POST that creates or moves money or stock. Without the header the
 * request runs as usual. With it: the first request runs and its response is kept 24 h; the
 * same key with the same body (and path) gets that response again with `Idempotent-Replayed:
 * true` and nothing runs twice; the same key with a different body answers 422; while the first
 * is still running, 409. A 5xx is not kept, so the client can retry the key. Goes after
 * `requirePermission` (the key is scoped to the workspace).
 */
export const idempotent = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return next();
  if (!KEY.test(key)) throw new ApiError('BAD_REQUEST', `${IDEMPOTENCY_HEADER} must be 1–255 visible ASCII characters`);
  const route = `${c.req.method} ${c.req.routePath}`;
  const scope = { workspaceId: c.var.tenant.workspaceId, route, key };
  const fingerprint = await requestFingerprint(c.req.method, c.req.path, await c.req.text());
  const claim = await claimIdempotencyKey(c.var.db, scope, fingerprint);
  const metrics = metricsFor(c.env);
  metrics.increment('idempotency_requests_total', {
    route,
    outcome: claim.kind === 'claimed' ? 'miss' : claim.kind === 'replay' ? 'hit' : claim.kind,
  });

  switch (claim.kind) {
    case 'replay':
      return new Response(claim.response.body || null, {
        status: claim.response.status,
        headers: { ...claim.response.headers, 'Idempotent-Replayed': 'true' },
      });
    case 'mismatch':
      throw new ApiError('UNPROCESSABLE', `This ${IDEMPOTENCY_HEADER} was used with a different request`);
    case 'in_flight':
      throw new ApiError('CONFLICT', `A request with this ${IDEMPOTENCY_HEADER} is still in progress`, undefined, {
        'Retry-After': '1',
      });
    case 'claimed':
      break;
  }

  try {
    await next();
  } catch (error) {
    await releaseIdempotencyKey(c.var.db, scope).catch(() => {});
    throw error;
  }
  if (c.res.status >= 500) {
    await releaseIdempotencyKey(c.var.db, scope);
    return;
  }
  const headers: Record<string, string> = {};
  const contentType = c.res.headers.get('content-type');
  if (contentType) headers['content-type'] = contentType;
  await completeIdempotencyKey(c.var.db, scope, { status: c.res.status, body: await c.res.clone().text(), headers });
});
