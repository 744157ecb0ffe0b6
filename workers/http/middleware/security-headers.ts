import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { NONCE, secureHeaders, type SecureHeadersVariables } from 'hono/secure-headers';
import type { Env } from '../../env';

/** The API reference page (Scalar) loads its script from a CDN and configures it inline. */
export const API_DOCS_PATH = '/api/docs';

/** The app's own WebSocket origin (realtime): `'self'` alone does not cover ws: in every browser. */
const ownWebSocket = (c: Context) => {
  const url = new URL(c.req.url);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
};

function headers(options: { production: boolean; docs: boolean }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // The dashboard's SSR scripts carry this request's nonce (app/entry.server.tsx).
      scriptSrc: options.docs ? ["'self'", 'https://cdn.jsdelivr.net', "'unsafe-inline'"] : ["'self'", NONCE],
      // React and Radix render `style` attributes; styles cannot run code.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ownWebSocket],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    // Browsers remember HSTS for the host: only where the app is served over HTTPS for good.
    strictTransportSecurity: options.production ? 'max-age=31536000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
    },
  });
}

const variants = {
  production: headers({ production: true, docs: false }),
  productionDocs: headers({ production: true, docs: true }),
  elsewhere: headers({ production: false, docs: false }),
  elsewhereDocs: headers({ production: false, docs: true }),
};

/**
 * Security headers on every response of the Worker — API, health, dashboard pages
 * (`hono/secure-headers`): a Content-Security-Policy whose scripts need this request's nonce
 * (`c.var.secureHeadersNonce`), frame-ancestors 'none' and X-Frame-Options DENY, nosniff,
 * Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy, and HSTS in production.
 */
export const securityHeaders = createMiddleware<{ Bindings: Env; Variables: SecureHeadersVariables }>((c, next) => {
  const docs = c.req.path === API_DOCS_PATH;
  const production = c.env.ENVIRONMENT === 'production';
  const handler = production
    ? docs
      ? variants.productionDocs
      : variants.production
    : docs
      ? variants.elsewhereDocs
      : variants.elsewhere;
  return handler(c, next) as Promise<void>;
});
