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
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${options.method ?? 'GET'} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Logs in through the API; the workspace is the user's first. */
export async function apiLogin(baseUrl: string, email: string, password: string): Promise<Session> {
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, '/auth/login', { body: { email, password } });
  const { data } = await call<{ data: Array<{ id: string }> }>(baseUrl, '/workspaces', {
    session: { accessToken, workspaceId: '' },
  });
  return { accessToken, workspaceId: data[0]!.id };
}
