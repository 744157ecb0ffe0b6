import { exports } from 'cloudflare:workers';

// Tests read arbitrary response shapes and assert on them; `any` keeps those reads terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiRequest {
  method?: string;
  body?: unknown;
  /** Raw body sent as-is (no JSON encoding, no content type added). */
  rawBody?: BodyInit;
  token?: string;
  workspaceId?: string;
  headers?: Record<string, string>;
}

/** Calls the real Worker entry (`exports.default.fetch`) and parses the JSON answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(request.headers);
  if (request.token) headers.set('authorization', `Bearer ${request.token}`);
  if (request.workspaceId) headers.set('x-workspace-id', request.workspaceId);
  let body: BodyInit | undefined = request.rawBody;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const res = await exports.default.fetch(`http://nexova.test${path}`, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/**
 * Calls the Worker's default export directly with a modified `env` (e.g. production mode, or a
 * database that is down), for the cases a binding cannot express.
 */
export async function fetchWithEnv(
  path: string,
  env: Cloudflare.Env,
  init?: RequestInit,
  origin = 'http://nexova.test',
): Promise<Response> {
  const { default: worker } = await import('../../workers/index');
  const { createExecutionContext, waitOnExecutionContext } = await import('cloudflare:test');
  const ctx = createExecutionContext();
  // The entry's type expects an incoming request's `cf` object; a test request has none.
  const request = new Request(`${origin}${path}`, init) as unknown as Request<unknown, IncomingRequestCfProperties>;
  const res = await worker.fetch!(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
