import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPermission, isWellFormedPermission, missingPermissions } from '../../../workers/core/rbac/permissions';

describe('hasPermission', () => {
  it.each([
    [['orders:read'], 'orders:read', true],
    [['orders:read'], 'orders:update', false],
    [['orders:read'], 'products:read', false],
    [['products:read', 'orders:confirm'], 'orders:confirm', true],
  ])('an exact grant covers only itself: %j requires %s → %s', (granted, required, expected) => {
    expect(hasPermission(granted, required)).toBe(expected);
  });

  it('a resource wildcard covers every action of that resource and nothing else', () => {
    expect(hasPermission(['orders:*'], 'orders:read')).toBe(true);
    expect(hasPermission(['orders:*'], 'orders:confirm')).toBe(true);
    expect(hasPermission(['orders:*'], 'products:read')).toBe(false);
    expect(hasPermission(['orders:*'], '*')).toBe(false);
  });

  it('the global wildcard covers any well-formed permission, wildcards included', () => {
    for (const required of ['orders:read', 'workspaces:delete', 'anything:new', 'orders:*', '*']) {
      expect(hasPermission(['*'], required)).toBe(true);
    }
  });

  it('matches whole segments: no prefix or suffix tricks', () => {
    expect(hasPermission(['order:*'], 'orders:read')).toBe(false);
    expect(hasPermission(['orders:*'], 'order:read')).toBe(false);
    expect(hasPermission(['orders:*'], 'ordersx:read')).toBe(false);
    expect(hasPermission(['orders:re'], 'orders:read')).toBe(false);
    expect(hasPermission(['orders:read'], 'orders:re')).toBe(false);
    expect(hasPermission(['orders'], 'orders:read')).toBe(false);
    expect(hasPermission(['orders:'], 'orders:read')).toBe(false);
    expect(hasPermission(['or*'], 'orders:read')).toBe(false);
    expect(hasPermission(['orders:r*'], 'orders:read')).toBe(false);
  });

  it('a wildcard requirement is covered only by an equal or wider grant', () => {
    expect(hasPermission(['orders:*'], 'orders:*')).toBe(true);
    expect(hasPermission(['orders:read', 'orders:update'], 'orders:*')).toBe(false);
    expect(hasPermission(['orders:*', 'products:*'], '*')).toBe(false);
  });

  it('ignores malformed grants instead of letting them match', () => {
    for (const grant of [
      '',
      ' ',
      '*:*',
      '*:read',
      'Orders:read',
      'orders:READ',
      ' orders:read',
      'orders:read ',
      'orders::read',
      'orders:read:x',
      ':read',
      'orders:*x',
      '**',
    ]) {
      expect(hasPermission([grant], 'orders:read'), grant).toBe(false);
    }
    expect(hasPermission([null, 42, { toString: () => '*' }, ['*'], undefined], 'orders:read')).toBe(false);
    expect(hasPermission([null, 'orders:read'], 'orders:read')).toBe(true);
  });

  it('never satisfies a malformed requirement, even for `*`', () => {
    for (const required of [
      '',
      'orders',
      'orders:',
      ':read',
      'Orders:read',
      'orders:read:x',
      '*:read',
      'orders: read',
    ]) {
      expect(hasPermission(['*'], required), required).toBe(false);
    }
  });

  it('answers false for a missing or non-array grant list', () => {
    expect(hasPermission([], 'orders:read')).toBe(false);
    expect(hasPermission(null, 'orders:read')).toBe(false);
    expect(hasPermission(undefined, 'orders:read')).toBe(false);
    expect(hasPermission('*' as unknown as string[], 'orders:read')).toBe(false);
  });

  it('property: a grant covers a concrete permission iff it is `*`, the permission itself, or its resource wildcard', () => {
    const segment = fc.constantFrom('orders', 'order', 'products', 'read', 'create', 'ordersx', 'o');
    const permission = fc.tuple(segment, segment).map(([r, a]) => `${r}:${a}`);
    const grant = fc.oneof(
      permission,
      segment.map((r) => `${r}:*`),
      fc.constant('*'),
    );
    fc.assert(
      fc.property(fc.array(grant, { maxLength: 4 }), permission, (granted, required) => {
        const resource = required.split(':')[0];
        const expected = granted.some((g) => g === '*' || g === required || g === `${resource}:*`);
        expect(hasPermission(granted, required)).toBe(expected);
      }),
    );
  });
});

describe('isWellFormedPermission', () => {
  it('accepts `resource:action`, `resource:*` and `*` in lower case', () => {
    for (const value of [
      'orders:read',
      'conversations:handoff',
      'stock_movements:read',
      'ops:retry-dlq',
      'orders:*',
      '*',
    ]) {
      expect(isWellFormedPermission(value), value).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const value of [
      '',
      '*:*',
      '*:read',
      'orders',
      'Orders:read',
      'orders:read:x',
      '1orders:read',
      'orders:1read',
      42,
      null,
    ]) {
      expect(isWellFormedPermission(value), String(value)).toBe(false);
    }
  });
});

describe('missingPermissions', () => {
  it('lists the required permissions the grants do not cover, in order', () => {
    expect(
      missingPermissions(['orders:*', 'products:read'], ['products:read', 'products:update', 'orders:cancel', '*']),
    ).toEqual(['products:update', '*']);
    expect(missingPermissions(['*'], ['roles:create', 'orders:*'])).toEqual([]);
  });
});
