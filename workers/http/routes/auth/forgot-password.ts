import { createRoute, type z } from '@hono/zod-openapi';
import { createMailer } from '../../../core/auth/mailer';
import { requestPasswordReset } from '../../../core/auth/password-reset';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { ForgotPasswordBodySchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/forgot-password',
  tags: ['auth'],
  summary: 'Mail a password-reset link',
  description:
    'Always answers 202, whether or not the e-mail has an account. The link carries a single-use token valid for one hour.',
  request: { body: { required: true, content: { 'application/json': { schema: ForgotPasswordBodySchema } } } },
  responses: {
    202: { description: 'Accepted; a link is mailed if the account exists' },
    ...errorResponses(400, 503),
  },
});

export type ForgotPasswordRequest = z.infer<typeof ForgotPasswordBodySchema>;

export function registerForgotPassword(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const { db, logger } = c.var;
    const mailer = createMailer({
      environment: c.env.ENVIRONMENT,
      db,
      logger,
      mail: { apiKey: c.env.MAIL_API_KEY, from: c.env.MAIL_FROM, url: c.env.MAIL_API_URL },
    });
    // Refused before anything is stored: a reset nobody can receive must not look accepted.
    if (!mailer.ok) throw new ApiError('SERVICE_UNAVAILABLE', mailer.message ?? 'E-mail is not configured');
    await requestPasswordReset({ db, mailer: mailer.value, logger, appUrl: c.env.APP_URL }, input);
    return c.body(null, 202);
  });
}
