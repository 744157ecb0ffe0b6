import { describe, expect, it } from 'vitest';
import { api } from '../../harness/api';

describe('auth in the OpenAPI document', () => {
  it('documents every auth operation with its success and error responses', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const operations: Array<[string, string, string[]]> = [
      ['/api/v1/auth/register', 'post', ['201', '400', '409']],
      ['/api/v1/auth/login', 'post', ['200', '400', '401', '429']],
      ['/api/v1/auth/refresh', 'post', ['200', '400', '401']],
      ['/api/v1/auth/logout', 'post', ['204', '400']],
      ['/api/v1/auth/forgot-password', 'post', ['202', '400', '503']],
      ['/api/v1/auth/reset-password', 'post', ['204', '400']],
      ['/api/v1/auth/me', 'get', ['200', '401']],
      ['/.well-known/jwks.json', 'get', ['200']],
    ];
    for (const [path, method, statuses] of operations) {
      expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {}), `${method} ${path}`).toEqual(statuses);
    }
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes createdAt as a date-time string and refuses unknown request fields', async () => {
    const { body: doc } = await api('/api/openapi.json');
    expect(doc.components.schemas.User.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(doc.components.schemas.RegisterRequest.additionalProperties).toBe(false);
  });
});
