/**
 * A Vite plugin for `vite dev`: when the dev server itself fails to get the Worker's answer (the
 * Cloudflare plugin's `dispatchFetch` throws — workerd restarting, a dropped connection), Vite's
 * own error page would answer with an HTML 500 carrying the stack trace and the machine's paths,
 * and the browser would show it as Vite's overlay. This answers the API's error body instead,
 * `{ "error": { "code": "INTERNAL_ERROR", … } }` with no detail, and prints the cause in the
 * terminal, where the developer looks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';
import type { ErrorBody } from '../workers/http/errors';

export function devErrorsWithoutDetails(): Plugin {
  return {
    name: 'nexova:dev-errors-without-details',
    apply: 'serve',
    configureServer(server) {
      // Returned hooks run after Vite's and the other plugins' middlewares are installed, so this
      // error handler sits after the Cloudflare plugin's request handler and before Vite's own.
      return () => {
        server.middlewares.use(answerWithoutDetails((message) => server.config.logger.error(message)));
      };
    },
  };
}

/** Connect error middleware: logs `error` with its cause, answers the generic 500 error body. */
export function answerWithoutDetails(log: (message: string) => void): Connect.ErrorHandleFunction {
  return (error: unknown, req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    log(`[dev] ${req.method} ${req.url}: the Worker's answer was lost: ${describe(error)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (res.writableEnded) return next(error);
    const body: ErrorBody = {
      error: { code: 'INTERNAL_ERROR', message: 'Internal error', requestId: 'unknown' },
    };
    res.statusCode = 500;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(body));
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\n  cause: ${error.cause.stack ?? error.cause.message}` : '';
  return `${error.stack ?? error.message}${cause}`;
}
