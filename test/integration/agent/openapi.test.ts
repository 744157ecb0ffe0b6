import { describe, expect, it } from 'vitest';
import { api } from '../../harness/api';

describe('conversations and approvals in the OpenAPI document', () => {
  it('documents every operation as bearer-authenticated, with its success and error responses', async () => {
    const { status, body: doc } = await api('/api/openapi.json');
    expect(status).toBe(200);
    const operations: Array<[string, string, string]> = [
      ['/api/v1/conversations/simulate', 'post', '200'],
      ['/api/v1/conversations', 'get', '200'],
      ['/api/v1/conversations/{id}', 'get', '200'],
      ['/api/v1/conversations/{id}/messages', 'get', '200'],
      ['/api/v1/conversations/{id}/handoff', 'post', '200'],
      ['/api/v1/conversations/{id}/messages', 'post', '202'],
      ['/api/v1/conversations/{id}/read', 'post', '200'],
      ['/api/v1/conversations/{id}/handoffs', 'get', '200'],
      ['/api/v1/conversations/{id}/assign', 'post', '200'],
      ['/api/v1/conversations/{id}/release', 'post', '200'],
      ['/api/v1/approvals', 'get', '200'],
      ['/api/v1/approvals/{id}/approve', 'post', '200'],
      ['/api/v1/approvals/{id}/reject', 'post', '200'],
    ];
    for (const [path, method, success] of operations) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
        expect.arrayContaining([success, '401', '403']),
      );
      expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('publishes the reply, conversation and approval schemas', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const schemas = doc.components.schemas;
    for (const name of [
      'SimulateMessage',
      'SimulateResult',
      'OutboundMessage',
      'Conversation',
      'ConversationMessage',
      'ConversationState',
      'OperatorMessage',
      'Handoff',
      'Approval',
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    expect(schemas.SimulateMessage.additionalProperties).toBe(false);
    // One way to take and give back a conversation.
    expect(doc.paths['/api/v1/conversations/{id}/take']).toBeUndefined();
    expect(doc.paths['/api/v1/conversations/{id}/return']).toBeUndefined();
  });
});
