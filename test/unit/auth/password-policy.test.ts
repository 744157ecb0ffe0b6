import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../../workers/core/auth/common-passwords';
import { passwordPolicyViolation } from '../../../workers/core/auth/password-policy';

describe('passwordPolicyViolation', () => {
  it('accepts 8 to 128 characters with no composition rules', () => {
    expect(passwordPolicyViolation('abcdefgh-but-not-common')).toBeNull();
    expect(passwordPolicyViolation('solo minúsculas y espacios')).toBeNull();
    expect(passwordPolicyViolation('x'.repeat(128))).toBeNull();
  });

  it('refuses fewer than 8 and more than 128 characters', () => {
    expect(passwordPolicyViolation('qz7#kp2')).toMatch(/at least 8/);
    expect(passwordPolicyViolation('x'.repeat(129))).toMatch(/at most 128/);
  });

  it('counts characters, not UTF-16 units: 8 emoji pass, 129 emoji fail', () => {
    expect(passwordPolicyViolation('🔐'.repeat(8))).toBeNull();
    expect(passwordPolicyViolation('🔐'.repeat(7))).toMatch(/at least 8/);
    expect(passwordPolicyViolation('🔐'.repeat(128))).toBeNull();
    expect(passwordPolicyViolation('🔐'.repeat(129))).toMatch(/at most 128/);
  });

  it('refuses common passwords whatever their case, Spanish ones included', () => {
    for (const password of [
      'contraseña',
      'CONTRASEÑA',
      '123456789',
      'Argentina',
      'BocaJuniors',
      'riverplate',
      'Password1',
    ]) {
      expect(passwordPolicyViolation(password), password).toMatch(/too common/);
    }
  });

  it('ships a few hundred lower-case entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
  });
});
