import { createRoute } from '@hono/zod-openapi';
import { loadSigningKeys } from '../../../core/auth/tokens';
import type { App } from '../../app';
import { JwksSchema } from './schema';

/** Clients may cache the key set briefly; a rotated-in key is published before it signs (JWT_PREVIOUS_PUBLIC_KEYS). */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=60';

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: ['auth'],
  summary: 'Public keys that verify access tokens',
  responses: { 200: { description: 'The JSON Web Key Set', content: { 'application/json': { schema: JwksSchema } } } },
});

export function registerJwks(app: App) {
  app.openapi(route, async (c) => {
    const { jwks } = await loadSigningKeys(c.env);
    c.header('Cache-Control', CACHE_CONTROL);
    return c.json(JwksSchema.parse(jwks), 200);
  });
}
