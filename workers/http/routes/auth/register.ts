import { createRoute, type z } from '@hono/zod-openapi';
import { registerUser } from '../../../core/auth/users';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { RegisterBodySchema, UserResponseSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/register',
  tags: ['auth'],
  summary: 'Create an account',
  description: 'E-mails are unique case-insensitively. Passwords: 8–128 characters, not a common password.',
  request: { body: { required: true, content: { 'application/json': { schema: RegisterBodySchema } } } },
  responses: {
    201: { description: 'Account created', content: { 'application/json': { schema: UserResponseSchema } } },
    ...errorResponses(400, 409),
  },
});

export type RegisterRequest = z.infer<typeof RegisterBodySchema>;
export type RegisterResponse = z.infer<typeof UserResponseSchema>;

export function registerRegister(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const result = await registerUser({ db: c.var.db }, input);
    if (!result.ok) {
      switch (result.error) {
        case 'WEAK_PASSWORD':
          throw new ApiError('VALIDATION_FAILED', result.message ?? 'Password does not meet the policy');
        case 'EMAIL_TAKEN':
          throw new ApiError('CONFLICT', result.message ?? 'E-mail already registered');
      }
    }
    return c.json(UserResponseSchema.parse({ user: result.value }), 201);
  });
}
