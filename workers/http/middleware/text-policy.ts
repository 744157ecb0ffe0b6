import { createMiddleware } from 'hono/factory';
import { findTextDefect, textDefect, type TextDefectAt } from '../../core/text';
import type { AppEnv } from '../app';
import { invalidInput } from '../errors';

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * The text policy (`core/text.ts`) at the API's door, before any middleware or route reads the
 * request: a path segment, query parameter or JSON body string with a NUL or an unpaired
 * surrogate (or JSON nested too deep) is a 400 naming where. Bodies that are not JSON (uploads,
 * CSV, which checks its cells) and paths in `except` (the webhook, which stores such text
 * cleaned instead) keep their own handling. Unparseable JSON is left to the route's validator.
 */
export function textPolicy(options: { exceptBody?: (path: string) => boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/');
    for (const [index, segment] of segments.entries()) {
      const message = textDefect(decodeSegment(segment));
      if (message) throw invalidInput('path', [{ path: `segment ${index}`, message, code: 'invalid_text' }]);
    }
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    refuse('query', findTextDefect(query));

    const type = c.req.header('content-type') ?? '';
    if (c.req.raw.body && JSON_TYPE.test(type) && !options.exceptBody?.(c.req.path)) {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return next();
      }
      refuse('body', findTextDefect(body));
    }
    return next();
  });
}

function refuse(where: string, defect: TextDefectAt | null) {
  if (!defect) return;
  // A query parameter given once is named without its index (`q`, not `q.0`).
  const path = where === 'query' && defect.path[1] === 0 ? [defect.path[0]!] : defect.path;
  throw invalidInput(where, [{ path: path.join('.'), message: defect.message, code: 'invalid_text' }]);
}

/**
 * A path segment as routes see it (percent-decoded). When the whole segment does not decode (an
 * escape that is not UTF-8), the router still decodes the ASCII escapes around it, so those are
 * decoded here too: `%ed%b8%80%00` reaches a route with a real NUL.
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
