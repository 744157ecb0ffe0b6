import { describe, expect, it } from 'vitest';
import { api } from '../../harness/api';

describe('realtime in the OpenAPI document', () => {
  it('documents the ticket (bearer) and the WebSocket upgrade (ticket in the query)', async () => {
    const { status, body: doc } = await api('/api/openapi.json');
    expect(status).toBe(200);
    const ticket = doc.paths['/api/v1/realtime/token']?.post;
    expect(ticket.operationId).toBe('createRealtimeTicket');
    expect(Object.keys(ticket.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(ticket.security).toEqual([{ bearerAuth: [] }]);
    expect(ticket.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RealtimeTicket',
    });
    expect(Object.keys(doc.components.schemas.RealtimeTicket.properties)).toEqual(['token', 'expiresIn', 'url']);

    const socket = doc.paths['/api/v1/realtime']?.get;
    expect(socket.operationId).toBe('connectRealtime');
    expect(Object.keys(socket.responses)).toEqual(expect.arrayContaining(['101', '400', '401', '404', '426']));
    expect(socket.security).toBeUndefined();
    expect(socket.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'query:token',
      'query:since',
      'query:epoch',
    ]);
  });
});
