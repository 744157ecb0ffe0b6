import { OpenAPIHono } from '@hono/zod-openapi';
import { captureException } from '@sentry/cloudflare';
import { HTTPException } from 'hono/http-exception';
import type { Database } from '../../db/client';
import type { Logger } from '../core/observability/logger';
import type { Env } from '../env';
import { ApiError, errorBody, invalidInput } from './errors';

/** Work a route leaves for after its response, on the request's own database handle (`services`). */
export type AfterResponse = (work: (db: Database) => Promise<unknown>) => void;

export interface AuthContext {
  userId: string;
  /** The access token's `jti`. */
  tokenId: string;
}

export interface TenantContext {
  workspaceId: string;
  userId: string;
  roleId: string;
  permissions: readonly string[];
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    logger: Logger;
    db: Database;
    /** Runs work after the response on `db`, which stays open until it ends (`services`). */
    afterResponse: AfterResponse;
    /** Set by `requireAuth`. */
    auth: AuthContext;
    /** Set by `requireWorkspace`. */
    tenant: TenantContext;
  };
}

export type App = OpenAPIHono<AppEnv>;

/**
 * Every (sub-)app is built here so validation failures and thrown errors become the one error
 * body `{ error: { code, message, requestId, details? } }`.
 */
export function newApp(): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
        const where = result.target === 'json' ? 'body' : result.target;
        return c.json(errorBody(invalidInput(where, issues), c.get('requestId')), 400);
      }
    },
  });
  app.onError((err, c) => handleError(err, c));
  return app;
}

type ErrorContext = Parameters<Parameters<App['onError']>[0]>[1];

export function handleError(err: Error, c: ErrorContext) {
  const requestId = c.get('requestId') ?? 'unknown';
  const apiError = toApiError(err);
  if (apiError.code === 'INTERNAL_ERROR') {
    c.get('logger')?.error('unhandled error', { error: err, route: c.req.routePath, method: c.req.method });
    captureException(err);
  }
  for (const [name, value] of Object.entries(apiError.headers ?? {})) c.header(name, value);
  return c.json(errorBody(apiError, requestId), apiError.status);
}

function toApiError(err: Error): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    switch (err.status) {
      case 400:
        return new ApiError(
          'BAD_REQUEST',
          /json/i.test(err.message) ? 'Malformed JSON in request body' : err.message || 'Bad request',
        );
      case 401:
        return new ApiError('UNAUTHORIZED', 'Authentication required');
      case 413:
        return new ApiError('PAYLOAD_TOO_LARGE', 'Request body is too large');
      case 415:
        return new ApiError('UNSUPPORTED_MEDIA_TYPE', err.message || 'Unsupported content type');
      default:
        if (err.status < 500) return new ApiError('BAD_REQUEST', err.message || 'Bad request');
    }
  }
  return new ApiError('INTERNAL_ERROR', 'Internal error');
}
