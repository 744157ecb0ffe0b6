import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { REFRESH_TOKEN_TTL_MS } from '../../../core/auth/sessions';
import type { AppEnv } from '../../app';
import { ApiError } from '../../errors';

/**
 * Browser sessions (the dashboard): the refresh token also travels in an HttpOnly cookie scoped
 * to the refresh/logout endpoints, so page scripts never see it. A request authenticated by that
 * cookie must repeat the readable `nexova_csrf` cookie in the `x-csrf-token` header
 * (double-submit): another site can make the browser send the cookie, but cannot read it to
 * copy it into a header. API clients keep sending the refresh token in the JSON body.
 */
export const REFRESH_COOKIE = 'nexova_refresh';
export const CSRF_COOKIE = 'nexova_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

type AuthContext = Context<AppEnv>;

/** Sets the refresh cookie and a fresh CSRF cookie (both 7 days, like the refresh token). */
export function setSessionCookies(c: AuthContext, refreshToken: string) {
  const maxAge = Math.floor(REFRESH_TOKEN_TTL_MS / 1000);
  setCookie(c, REFRESH_COOKIE, refreshToken, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge,
  });
  setCookie(c, CSRF_COOKIE, newCsrfToken(), { path: '/', secure: true, sameSite: 'Strict', maxAge });
}

export function clearSessionCookies(c: AuthContext) {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, secure: true, sameSite: 'Strict' });
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure: true, sameSite: 'Strict' });
}

/**
 * The refresh token of a refresh/logout request: the JSON body's when present, else the cookie's,
 * which requires a matching CSRF header (403 otherwise). `undefined` when there is neither.
 */
export function presentedRefreshToken(
  c: AuthContext,
  body: { refreshToken?: string },
): { token: string; fromCookie: boolean } | undefined {
  if (body.refreshToken) return { token: body.refreshToken, fromCookie: false };
  const cookie = getCookie(c, REFRESH_COOKIE);
  if (!cookie) return undefined;
  const expected = getCookie(c, CSRF_COOKIE);
  const presented = c.req.header(CSRF_HEADER);
  if (!expected || !presented || !timingSafeEqual(expected, presented)) {
    throw new ApiError('FORBIDDEN', `Missing or mismatched ${CSRF_HEADER} header`);
  }
  return { token: cookie, fromCookie: true };
}

function newCsrfToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.length !== right.length) return false;
  let diff = 0;
  for (let i = 0; i < left.length; i++) diff |= left[i]! ^ right[i]!;
  return diff === 0;
}
