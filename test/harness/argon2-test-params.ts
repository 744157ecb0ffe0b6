/**
 * Argon2 cost of new password hashes in test runs (`ARGON2_TEST_PARAMS`, honoured only with
 * ENVIRONMENT "test"; workers/core/auth/password.ts). The OWASP parameters production uses are
 * tested in test/unit/auth/password.test.ts.
 */
export const TEST_ARGON2_PARAMS = 'm=64,t=1,p=1';
