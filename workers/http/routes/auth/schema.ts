import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../core/auth/password-policy';

/** Trimmed and lower-cased before it is checked, the way it is stored. */
const Email = z.string().trim().toLowerCase().email().max(254).openapi({ example: 'ana@example.com' });

/** Length and common-password rules are the domain's (`password-policy.ts`); this only bounds the input. */
const NewPassword = z
  .string()
  .max(1024)
  .openapi({
    description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; very common passwords are refused.`,
    example: 'correct horse battery staple',
  });

const Name = z.string().trim().min(1).max(100);

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: 'usr_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    email: z.string().openapi({ example: 'ana@example.com' }),
    firstName: z.string().openapi({ example: 'Ana' }),
    lastName: z.string().openapi({ example: 'García' }),
    createdAt: z.date().openapi({ type: 'string', format: 'date-time' }),
  })
  .openapi('User');

export const UserResponseSchema = z.object({ user: UserSchema }).openapi('UserResponse');

export const RegisterBodySchema = z
  .object({ email: Email, password: NewPassword, firstName: Name, lastName: Name })
  .strict()
  .openapi('RegisterRequest');

export const LoginBodySchema = z
  .object({
    email: z.string().max(254).openapi({ example: 'ana@example.com' }),
    password: z.string().max(1024),
  })
  .strict()
  .openapi('LoginRequest');

export const TokenPairSchema = z
  .object({
    accessToken: z.string().openapi({ description: 'RS256 JWT; send as `Authorization: Bearer <token>`.' }),
    refreshToken: z.string().openapi({ description: 'Opaque, single use, valid 7 days.' }),
    expiresIn: z.number().int().openapi({ description: 'Access token lifetime in seconds.', example: 900 }),
  })
  .openapi('TokenPair');

export const SessionSchema = TokenPairSchema.extend({ user: UserSchema }).openapi('Session');

export const RefreshTokenBodySchema = z
  .object({
    refreshToken: z.string().min(1).max(512).optional().openapi({
      description:
        'Required unless the browser sends the `nexova_refresh` cookie (then `x-csrf-token` must equal the `nexova_csrf` cookie).',
    }),
  })
  .strict()
  .openapi('RefreshTokenRequest');

export const ForgotPasswordBodySchema = z.object({ email: Email }).strict().openapi('ForgotPasswordRequest');

export const ResetPasswordBodySchema = z
  .object({ token: z.string().min(1).max(512), password: NewPassword })
  .strict()
  .openapi('ResetPasswordRequest');

export const JwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi('JsonWebKeySet', { description: 'Public keys that verify access tokens (RFC 7517).' });
