import { afterEach, describe, expect, it } from 'vitest';
import {
  configurePasswordHashing,
  hashPassword,
  unknownUserHash,
  verifyPassword,
} from '../../../workers/core/auth/password';

const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

describe('hashPassword', () => {
  it('produces an Argon2id PHC string with a 16-byte salt and a 32-byte hash in unpadded base64', async () => {
    const phc = await hashPassword('correct horse battery staple');
    expect(phc).toMatch(PHC);
  });

  it('salts every hash: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });
});

describe('verifyPassword', () => {
  it('is true for the right password and false for a wrong one', async () => {
    const phc = await hashPassword('contraseña-segura-2024');
    expect(await verifyPassword(phc, 'contraseña-segura-2024')).toBe(true);
    expect(await verifyPassword(phc, 'contraseña-segura-2025')).toBe(false);
    expect(await verifyPassword(phc, '')).toBe(false);
  });

  it('treats the composed and decomposed forms of the same characters as one password (NFKC)', async () => {
    const phc = await hashPassword('contrase\u00f1a-larga-77');
    expect(await verifyPassword(phc, 'contrasen\u0303a-larga-77')).toBe(true);
  });

  it('verifies a hash made by the reference implementation (argon2-cffi, RFC 9106)', async () => {
    // argon2.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash('contraseña de referencia')
    const reference =
      '$argon2id$v=19$m=19456,t=2,p=1$jXCihQDBw0NtaGqd0O95rg$tiy7Ofy/CCkOyji3g499eqXPjRkqmY969mSVbYCMXD0';
    expect(await verifyPassword(reference, 'contraseña de referencia')).toBe(true);
    expect(await verifyPassword(reference, 'contraseña de referencias')).toBe(false);
  });

  it('answers false, without throwing, for a tampered or malformed PHC string', async () => {
    const phc = await hashPassword('a fine passphrase');
    const parts = phc.split('$');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const tampered = [
      [...parts.slice(0, 5), flip(parts[5]!)].join('$'), // hash changed
      [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join('$'), // salt changed
      phc.replace('t=2', 't=3'), // parameters changed
      phc.replace('$argon2id$', '$argon2i$'), // another variant
      phc.replace('v=19', 'v=16'),
      phc.replace('m=19456', 'm=99999999'), // absurd memory cost
      phc.replace('t=2', 't=0'),
      phc.slice(0, -10),
      `${phc}=`,
      '$argon2id$v=19$m=19456,t=2,p=1$!!!$???',
      '',
      'plaintext-password',
    ];
    for (const bad of tampered) await expect(verifyPassword(bad, 'a fine passphrase')).resolves.toBe(false);
  });
});

describe('configurePasswordHashing: a lower cost for test runs only', () => {
  const low = { ARGON2_TEST_PARAMS: 'm=64,t=1,p=1' };
  afterEach(() => configurePasswordHashing({ ENVIRONMENT: 'production' }));

  // unknownUserHash() answers with the parameters of new hashes without hashing when they are
  // the OWASP ones: a cheap probe of which parameters are in force.
  it('keeps the OWASP parameters outside ENVIRONMENT "test", whatever ARGON2_TEST_PARAMS says', async () => {
    configurePasswordHashing({ ENVIRONMENT: 'production', ...low });
    expect(await hashPassword('a fine passphrase')).toMatch(PHC);
    for (const ENVIRONMENT of ['production', 'development']) {
      configurePasswordHashing({ ENVIRONMENT, ...low });
      expect(await unknownUserHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });

  it('hashes with the test parameters in a test run, and the hashes verify', async () => {
    configurePasswordHashing({ ENVIRONMENT: 'test', ...low });
    const phc = await hashPassword('a fine passphrase');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await verifyPassword(phc, 'a fine passphrase')).toBe(true);
    expect(await verifyPassword(phc, 'another passphrase')).toBe(false);
    // An unknown e-mail then costs what a known one does.
    expect(await unknownUserHash()).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  });

  it('ignores malformed or out-of-bounds test parameters', async () => {
    for (const ARGON2_TEST_PARAMS of ['m=64', 'm=4,t=1,p=1', 'm=64,t=0,p=1', 'm=99999999,t=1,p=1', '']) {
      configurePasswordHashing({ ENVIRONMENT: 'test', ARGON2_TEST_PARAMS });
      expect(await unknownUserHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });
});
