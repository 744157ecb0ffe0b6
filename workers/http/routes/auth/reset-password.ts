import { createRoute, type z } from '@hono/zod-openapi';
import { resetPassword } from '../../../core/auth/password-reset';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { ResetPasswordBodySchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/reset-password',
  tags: ['auth'],
  summary: 'Set a new password with a reset token',
  description:
    'Uses up the token and logs out every session of the account. Used, unknown or expired tokens answer 400.',
  request: { body: { required: true, content: { 'application/json': { schema: ResetPasswordBodySchema } } } },
  responses: {
    204: { description: 'Password changed' },
    ...errorResponses(400),
  },
});

export type ResetPasswordRequest = z.infer<typeof ResetPasswordBodySchema>;

export function registerResetPassword(app: App) {
  app.openapi(route, async (c) => {
    const result = await resetPassword({ db: c.var.db }, c.req.valid('json'));
    if (!result.ok) {
      switch (result.error) {
        case 'WEAK_PASSWORD':
          throw new ApiError('VALIDATION_FAILED', result.message ?? 'Password does not meet the policy');
        case 'INVALID_TOKEN':
          throw new ApiError('BAD_REQUEST', 'Invalid or expired reset token');
      }
    }
    return c.body(null, 204);
  });
}
