import { useAuth } from '../stores/auth';
import { useWorkspaceStore } from '../stores/workspace';
import type { Session, User } from './types';

/** An error answer of the API (`{ error: { code, message, requestId, details? } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The server's request id (`req_…`), for support when the error is unexpected. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Raw body (CSV, multipart form); sent as is. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Send `x-workspace-id` (tenant routes); default true. */
  tenant?: boolean;
  /** Send the access token; default true. */
  auth?: boolean;
  signal?: AbortSignal;
}

const CSRF_COOKIE = 'nexova_csrf';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown; requestId?: string };
  } | null;
  const error = body?.error;
  return new ApiError(
    res.status,
    error?.code ?? 'HTTP_ERROR',
    error?.message ?? `Error ${res.status} del servidor`,
    error?.details,
    error?.requestId ?? res.headers.get('x-request-id') ?? undefined,
  );
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers = new Headers(options.headers);
  const { accessToken } = useAuth.getState();
  if (options.auth !== false && accessToken) headers.set('authorization', `Bearer ${accessToken}`);
  if (options.tenant !== false) {
    const workspaceId = useWorkspaceStore.getState().workspaceId;
    if (workspaceId) headers.set('x-workspace-id', workspaceId);
  }
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'No se pudo conectar con el servidor. Revisá tu conexión.');
  }
}

/**
 * Calls `/api/v1<path>` with the session's access token and the current workspace, and parses
 * the JSON answer. A 401 triggers one silent refresh and one retry; an error answer throws
 * `ApiError` with the server's message.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 401 && options.auth !== false) {
    const refreshed = await refreshSession();
    if (refreshed) res = await send(path, options);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

let refreshing: Promise<boolean> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Exchanges the refresh cookie for a new access token. Single flight: concurrent callers share
 * one request, and across tabs a Web Lock serialises them, because the server treats a refresh
 * token presented twice as stolen and revokes the whole session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= withRefreshLock(doRefresh).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function withRefreshLock(run: () => Promise<boolean>): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.locks?.request) {
    return navigator.locks.request('nexova-refresh', run);
  }
  return run();
}

async function doRefresh(): Promise<boolean> {
  const csrf = readCookie(CSRF_COOKIE);
  if (!csrf) {
    useAuth.getState().signedOut();
    return false;
  }
  let res: Response;
  try {
    res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
      credentials: 'same-origin',
    });
  } catch {
    // Offline: keep the current state; the next request or timer tries again.
    return false;
  }
  if (!res.ok) {
    useAuth.getState().signedOut();
    return false;
  }
  const session = (await res.json()) as Session;
  startSession(session);
  return true;
}

/** Stores a new access token and schedules the silent refresh before it expires. */
export function startSession(session: Pick<Session, 'accessToken' | 'expiresIn' | 'user'>) {
  useAuth.getState().signedIn(session);
  clearTimeout(refreshTimer);
  const delay = Math.max(5_000, session.expiresIn * 1000 - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => void refreshSession(), delay);
}

export async function login(email: string, password: string): Promise<void> {
  const session = await api<Session>('/auth/login', {
    body: { email, password },
    auth: false,
    tenant: false,
  });
  startSession(session);
}

/** Ends the session on the server (cookie + CSRF header) and forgets it here. */
export async function logout(): Promise<void> {
  clearTimeout(refreshTimer);
  const csrf = readCookie(CSRF_COOKIE);
  await fetch('/api/v1/auth/logout', {
    method: 'POST',
    headers: csrf ? { 'x-csrf-token': csrf } : {},
    credentials: 'same-origin',
  }).catch(() => undefined);
  useAuth.getState().signedOut();
}

/**
 * Restores the session after a page load: the access token was in memory only, so exchange the
 * refresh cookie for a new one and load the user. Runs once per page.
 */
let bootstrapped: Promise<void> | null = null;
export function bootstrapSession(): Promise<void> {
  bootstrapped ??= (async () => {
    if (useAuth.getState().status !== 'unknown') return;
    if (!(await refreshSession())) {
      if (useAuth.getState().status === 'unknown') useAuth.getState().signedOut();
      return;
    }
    const { user } = await api<{ user: User }>('/auth/me', { tenant: false }).catch(() => ({ user: null }));
    if (user) useAuth.getState().setUser(user);
  })();
  return bootstrapped;
}

/** Downloads a file with the session's credentials (an `<img src>` cannot send them) as an object URL. */
export async function fetchObjectUrl(path: string): Promise<string> {
  const send = () =>
    fetch(`/api/v1${path}`, {
      headers: {
        authorization: `Bearer ${useAuth.getState().accessToken ?? ''}`,
        'x-workspace-id': useWorkspaceStore.getState().workspaceId ?? '',
      },
    });
  let res = await send();
  if (res.status === 401 && (await refreshSession())) res = await send();
  if (!res.ok) throw await toApiError(res);
  return URL.createObjectURL(await res.blob());
}
