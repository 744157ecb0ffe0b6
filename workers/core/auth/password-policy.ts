import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * NIST SP 800-63B policy: 8–128 characters (Unicode code points, not UTF-16 units), no
 * composition rules, and not one of the most common passwords (case-insensitive).
 * Returns the reason a password is refused, or null when it is acceptable.
 */
export function passwordPolicyViolation(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `Password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'Password is too common; choose a less predictable one';
  return null;
}
