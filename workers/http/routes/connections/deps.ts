import type { Context } from 'hono';
import type { ConnectionDeps } from '../../../whatsapp/connections';
import type { AppEnv } from '../../app';

/** What the connection functions need from a request: database, encryption key, environment, public URL. */
export const connectionDeps = (c: Context<AppEnv>): ConnectionDeps => ({
  db: c.var.db,
  encryptionKey: c.env.ENCRYPTION_KEY,
  environment: c.env.ENVIRONMENT,
  appUrl: c.env.APP_URL,
});
