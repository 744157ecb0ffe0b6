import { describe, expect, it } from 'vitest';
import { api } from '../../harness/api';

describe('workspaces, members, roles and permissions in the OpenAPI document', () => {
  it('documents every operation as bearer-authenticated, with its success and error responses', async () => {
    const { status, body: doc } = await api('/api/openapi.json');
    expect(status).toBe(200);
    const operations: Array<[string, string, string]> = [
      ['/api/v1/workspaces', 'get', '200'],
      ['/api/v1/workspaces', 'post', '201'],
      ['/api/v1/workspace', 'get', '200'],
      ['/api/v1/workspaces/{id}', 'get', '200'],
      ['/api/v1/workspaces/{id}', 'patch', '200'],
      ['/api/v1/workspaces/{id}', 'delete', '204'],
      ['/api/v1/workspaces/{id}/members', 'get', '200'],
      ['/api/v1/workspaces/{id}/members', 'post', '201'],
      ['/api/v1/workspaces/{id}/members/{memberId}', 'patch', '200'],
      ['/api/v1/workspaces/{id}/members/{memberId}', 'delete', '204'],
      ['/api/v1/workspaces/{id}/roles', 'get', '200'],
      ['/api/v1/workspaces/{id}/roles', 'post', '201'],
      ['/api/v1/workspaces/{id}/roles/{roleId}', 'patch', '200'],
      ['/api/v1/workspaces/{id}/roles/{roleId}', 'delete', '204'],
      ['/api/v1/permissions', 'get', '200'],
    ];
    for (const [path, method, success] of operations) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining([success, '401']));
      expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('publishes the settings schema and refuses unknown request fields', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.WorkspaceSettings.properties)).toEqual([
      'currency',
      'timezone',
      'language',
      'agent',
      'businessHours',
      'auditRetentionDays',
    ]);
    for (const name of [
      'CreateWorkspace',
      'UpdateWorkspace',
      'InviteMember',
      'UpdateMember',
      'CreateRole',
      'UpdateRole',
    ]) {
      expect(schemas[name]?.additionalProperties, name).toBe(false);
    }
    expect(schemas.Workspace.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
  });
});
