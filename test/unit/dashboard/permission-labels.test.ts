import { describe, expect, it } from 'vitest';
import { PERMISSION_LABELS, RESOURCE_LABELS } from '../../../app/lib/permission-labels';
import { PERMISSIONS, RESOURCES } from '../../../workers/core/rbac/catalogue';

describe('dashboard permission labels', () => {
  it('name every catalogue resource and permission in Spanish, and nothing the catalogue lacks', () => {
    expect(Object.keys(RESOURCE_LABELS).sort()).toEqual([...RESOURCES].sort());
    expect(Object.keys(PERMISSION_LABELS).sort()).toEqual(PERMISSIONS.map((p) => p.permission).sort());
  });
});
