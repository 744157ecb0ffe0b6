import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { AppEnv } from '../app';

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * 413 past 1 MB: at once when `Content-Length` says so, else while reading a chunked body (which
 * it then buffers for the handler). Also used by the Infobip webhook, which reads its raw body.
 */
export const jsonSizeLimit = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_JSON_BODY_BYTES} bytes`);
  },
});

/**
 * JSON routes: a request with a body must say `application/json` (415 otherwise) and stay
 * under 1 MB (413). Routes that take other bodies (uploads, webhooks) opt out by path.
 */
export function jsonBody(options: { except?: (path: string) => boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method) || options.except?.(c.req.path)) return next();
    const length = c.req.header('content-length');
    const hasBody = c.req.raw.body !== null && length !== '0';
    if (hasBody) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(.+\+)?json\b/i.test(type)) {
        throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
      }
    }
    return jsonSizeLimit(c, next);
  });
}
