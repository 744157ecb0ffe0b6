import { api } from './api';
import { uniqueEmail } from './db';

/** A password that passes the policy (8–128 characters, not a common one). */
export const GOOD_PASSWORD = 'tango-mate-1987-orillas';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** A distinct client IP, so rate-limit buckets of different tests never meet. */
export function uniqueIp(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

/** Registers a fresh user through the API. */
export async function registerUser(overrides: Partial<{ email: string; password: string }> = {}): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? GOOD_PASSWORD;
  const res = await api('/api/v1/auth/register', { body: { email, password, firstName: 'Ana', lastName: 'García' } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, password };
}

export interface LoggedIn {
  accessToken: string;
  refreshToken: string;
}

/** Logs in through the API from a fresh IP (so the login rate limit never trips a test). */
export async function login(user: { email: string; password: string }): Promise<LoggedIn> {
  const res = await api('/api/v1/auth/login', {
    body: { email: user.email, password: user.password },
    headers: { 'cf-connecting-ip': uniqueIp() },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** A registered and logged-in user. */
export async function loggedInUser(): Promise<TestUser & LoggedIn> {
  const user = await registerUser();
  return { ...user, ...(await login(user)) };
}
