/**
 * Which Infobip a connection talks to. With a base URL and an API key: the real API. Without
 * (development only): the sandbox in this same Worker (`/api/v1/dev/infobip/:connectionId`),
 * reached through the Worker's own `fetch` (`exports.default`), so a sandbox send crosses the
 * same HTTP boundary a real one does.
 */
import { exports } from 'cloudflare:workers';
import type { Bindings } from '../../core/bindings';
import { InfobipClient, type InfobipClientOptions } from './client';
import { credentialsOf, isSandbox, type ConnectionRow } from '../connections';

export const SANDBOX_PATH = '/api/v1/dev/infobip';

/** Requests to our own Worker, as if they came from outside (used by the sandbox and the simulator). */
export function selfFetch(request: Request): Promise<Response> {
  return exports.default.fetch(request);
}

export function sandboxBaseUrl(appUrl: string, connectionId: string): string {
  return `${appUrl.replace(/\/+$/, '')}${SANDBOX_PATH}/${connectionId}`;
}

export type ClientOverrides = Partial<Omit<InfobipClientOptions, 'connectionId' | 'baseUrl' | 'apiKey'>>;

/**
 * The client for a connection. Refuses the sandbox in production (`null`): a connection without
 * credentials there cannot send, and egress records that as a permanent failure.
 */
export async function clientFor(
  env: Pick<Bindings, 'ENVIRONMENT' | 'APP_URL' | 'ENCRYPTION_KEY'>,
  row: ConnectionRow,
  overrides: ClientOverrides = {},
): Promise<InfobipClient | null> {
  if (isSandbox(row)) {
    if (env.ENVIRONMENT === 'production') return null;
    return new InfobipClient({
      connectionId: row.id,
      baseUrl: sandboxBaseUrl(env.APP_URL, row.id),
      apiKey: null,
      fetch: selfFetch,
      ...overrides,
    });
  }
  const { apiKey } = await credentialsOf(env.ENCRYPTION_KEY, row);
  return new InfobipClient({ connectionId: row.id, baseUrl: row.baseUrl!, apiKey, ...overrides });
}
