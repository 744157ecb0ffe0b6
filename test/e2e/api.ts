/** Direct API calls from the e2e tests (setup and cross-checks), against the served Worker. */
export interface Session {
  accessToken: string;
  workspaceId: string;
}

export async function call<T = unknown>(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; session?: Session } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.session) {
    headers.authorization = `Bearer ${options.session.accessToken}`;
    headers['x-workspace-id'] = options.session.workspaceId;
  }
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Runs a login attempt; when the server's login rate limit (5 a minute per e-mail and per IP —
 * every e2e file logs the demo user in, all from 127.0.0.1) answers 429, waits the `Retry-After`
 * it gave and tries again, a few times. The limit itself stays as in production.
 */
export async function withLoginRateLimit<T>(attempt: () => Promise<{ retryAfter: number } | { done: T }>): Promise<T> {
  for (let tries = 0; ; tries++) {
    const outcome = await attempt();
    if ('done' in outcome) return outcome.done;
    if (tries >= 4) throw new Error(`login still rate limited after ${tries + 1} attempts`);
    await new Promise((resolve) => setTimeout(resolve, outcome.retryAfter * 1000));
  }
}

/** Logs in through the API; the workspace is the user's first. */
export async function apiLogin(baseUrl: string, email: string, password: string): Promise<Session> {
  const { accessToken } = await withLoginRateLimit<{ accessToken: string }>(async () => {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status === 429) return { retryAfter: Number(res.headers.get('retry-after') ?? 5) };
    if (!res.ok) throw new Error(`POST /auth/login → ${res.status} ${await res.text()}`);
    return { done: (await res.json()) as { accessToken: string } };
  });
  const { data } = await call<{ data: Array<{ id: string }> }>(baseUrl, '/workspaces', {
    session: { accessToken, workspaceId: '' },
  });
  return { accessToken, workspaceId: data[0]!.id };
}

/** A realtime frame as the hub sends it (workers/core/realtime/schema.ts ServerFrame), loosely typed. */
export interface HubFrame {
  type: 'hello' | 'event' | 'pong';
  seq?: number;
  epoch?: string;
  resumed?: boolean;
  reset?: boolean;
  event?: { id: string; type: string; data: Record<string, unknown> };
}

/**
 * A second realtime client from Node (the test's own eyes on the workspace hub): gets a ticket
 * through the API and opens the socket. `next(match)` resolves with the first frame, already
 * received or still to come, that `match` accepts.
 */
export async function openRealtime(baseUrl: string, session: Session) {
  const ticket = await call<{ url: string }>(baseUrl, '/realtime/token', { method: 'POST', session });
  const socket = new WebSocket(new URL(ticket.url, baseUrl.replace(/^http/, 'ws')));
  const frames: HubFrame[] = [];
  const waiters = new Set<() => void>();
  socket.addEventListener('message', (message) => {
    frames.push(JSON.parse(String(message.data)) as HubFrame);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`realtime socket to ${baseUrl} failed`)), { once: true });
  });
  return {
    frames,
    /** Rejects after `timeoutMs` with the frames seen, so a missing event fails with evidence. */
    next(match: (frame: HubFrame) => boolean, timeoutMs = 30_000): Promise<HubFrame> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching realtime frame; received: ${JSON.stringify(frames)}`));
        }, timeoutMs);
        const check = () => {
          const found = frames.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
