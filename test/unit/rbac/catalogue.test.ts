/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import permissionsDoc from '../../../docs/permissions.md?raw';
import {
  DEFAULT_ROLES,
  isGrantablePermission,
  PERMISSIONS,
  RESOURCES,
  systemRolePermissions,
  unknownPermissions,
  type DefaultRoleName,
} from '../../../workers/core/rbac/catalogue';
import { catalogueView, renderPermissionsMarkdown } from '../../../workers/core/rbac/catalogue-view';
import { hasPermission, isWellFormedPermission } from '../../../workers/core/rbac/permissions';

const role = (name: DefaultRoleName) => DEFAULT_ROLES.find((r) => r.name === name)!.permissions;
const all = PERMISSIONS.map((p) => p.permission as string);
const WRITE_ACTIONS = /:(?!read$)/;

describe('permission catalogue', () => {
  it('covers every resource of the product, current and upcoming', () => {
    expect(RESOURCES).toEqual(
      expect.arrayContaining([
        'workspaces',
        'members',
        'roles',
        'audit',
        'products',
        'stock',
        'customers',
        'orders',
        'payments',
        'conversations',
        'connections',
        'approvals',
        'ops',
        'files',
      ]),
    );
    for (const action of ['read', 'reply', 'assign', 'handoff', 'simulate'])
      expect(all).toContain(`conversations:${action}`);
    for (const resource of RESOURCES) expect(all, resource).toContain(`${resource}:read`);
  });

  it('lists each permission once, well-formed, with a one-line description', () => {
    expect(new Set(all).size).toBe(all.length);
    for (const p of PERMISSIONS) {
      expect(isWellFormedPermission(p.permission), p.permission).toBe(true);
      expect(p.permission).toBe(`${p.resource}:${p.action}`);
      expect(p.description.trim().length, p.permission).toBeGreaterThan(5);
      expect(p.description, p.permission).not.toMatch(/\n/);
    }
  });

  it('grants catalogue entries, `<catalogue resource>:*` and `*` only', () => {
    for (const p of ['orders:read', 'conversations:simulate', 'orders:*', 'files:*', '*'])
      expect(isGrantablePermission(p), p).toBe(true);
    for (const p of [
      'orders:fly',
      'order:*',
      'order:read',
      'widgets:*',
      'widgets:read',
      '*:*',
      '*:read',
      'Orders:read',
      '',
      'orders',
    ]) {
      expect(isGrantablePermission(p), p).toBe(false);
    }
  });

  it('unknownPermissions names each refused entry once', () => {
    expect(unknownPermissions(['orders:read', 'orders:fly', 'orders:fly', 'widgets:*', '*'])).toEqual([
      'orders:fly',
      'widgets:*',
    ]);
    expect(unknownPermissions([])).toEqual([]);
  });
});

describe('default roles', () => {
  it('are Owner and Admin (system), then Operator and Viewer (editable), all made of grantable permissions', () => {
    expect(DEFAULT_ROLES.map((r) => [r.name, r.system])).toEqual([
      ['Owner', true],
      ['Admin', true],
      ['Operator', false],
      ['Viewer', false],
    ]);
    for (const r of DEFAULT_ROLES) expect(unknownPermissions(r.permissions), r.name).toEqual([]);
  });

  it('Owner holds `*`', () => {
    expect(role('Owner')).toEqual(['*']);
  });

  it('Admin holds every catalogue permission except workspaces:delete', () => {
    expect(all.filter((p) => !hasPermission(role('Admin'), p))).toEqual(['workspaces:delete']);
  });

  it('Operator sells day to day but manages neither roles nor members nor the workspace', () => {
    for (const p of [
      'products:read',
      'products:update',
      'stock:adjust',
      'customers:create',
      'orders:create',
      'orders:confirm',
      'payments:create',
      'conversations:reply',
      'conversations:handoff',
    ]) {
      expect(hasPermission(role('Operator'), p), p).toBe(true);
    }
    const management = all.filter((p) => /^(roles|members|workspaces):/.test(p) && WRITE_ACTIONS.test(p));
    expect(management.filter((p) => hasPermission(role('Operator'), p))).toEqual([]);
  });

  it('Viewer only reads', () => {
    expect(all.filter((p) => WRITE_ACTIONS.test(p) && hasPermission(role('Viewer'), p))).toEqual([]);
    expect(role('Viewer').every((p) => p.endsWith(':read'))).toBe(true);
    expect(hasPermission(role('Viewer'), 'orders:read')).toBe(true);
  });

  it('system role permissions come from the catalogue by name; other names have none', () => {
    expect(systemRolePermissions('Owner')).toEqual(['*']);
    expect(systemRolePermissions('Admin')).toBe(role('Admin'));
    expect(systemRolePermissions('Operator')).toBeUndefined();
    expect(systemRolePermissions('owner')).toBeUndefined();
  });
});

describe('catalogue documentation', () => {
  it('the API view lists every catalogue permission under its resource', () => {
    const view = catalogueView();
    expect(view.resources.flatMap((r) => r.permissions.map((p) => p.permission))).toEqual(all);
    expect(view.resources.find((r) => r.resource === 'orders')?.wildcard).toBe('orders:*');
  });

  it('docs/permissions.md is in step with the catalogue (run `npm run docs:permissions`)', () => {
    expect(permissionsDoc).toBe(renderPermissionsMarkdown());
  });
});
