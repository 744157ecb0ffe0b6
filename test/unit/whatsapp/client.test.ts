import { afterEach, describe, expect, it } from 'vitest';
import {
  breakerState,
  InfobipClient,
  resetCircuitBreakers,
  type InfobipClientOptions,
} from '../../../workers/whatsapp/infobip/client';
import { toInfobipRequest } from '../../../workers/whatsapp/infobip/adapter';

/** A fake Infobip answering each call with the next response (the last one repeats). */
function infobip(...responses: Array<() => Response | Promise<Response>>) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return responses[Math.min(requests.length - 1, responses.length - 1)]!();
  };
  return { fetch, requests };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const pending = (messageId: string) =>
  json(200, {
    to: '5491155550001',
    messageCount: 1,
    messageId,
    status: { groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE' },
  });
const serviceError = (status: number, messageId: string, text: string, headers: Record<string, string> = {}) =>
  json(status, { requestError: { serviceException: { messageId, text } } }, headers);

const request = toInfobipRequest(
  { type: 'text', text: 'Hola' },
  { from: '5491140000000', to: '5491155550001', messageId: 'msg_A' },
);
let connection = 0;

function client(fetch: InfobipClientOptions['fetch'], options: Partial<InfobipClientOptions> = {}) {
  connection += 1;
  const sleeps: number[] = [];
  const c = new InfobipClient({
    connectionId: `con_test_${connection}`,
    baseUrl: 'https://xk2p9.api.infobip.com/',
    apiKey: 'secret-api-key-1234',
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { client: c, sleeps, connectionId: `con_test_${connection}` };
}

afterEach(() => resetCircuitBreakers());

describe('Infobip client: sending', () => {
  it('posts JSON with Authorization: App <key> and our messageId, and reads the accepted status', async () => {
    const fake = infobip(pending('msg_A'));
    const result = await client(fake.fetch).client.send(request);
    expect(result).toEqual({ ok: true, messageId: 'msg_A', status: 'PENDING' });
    const sent = fake.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://xk2p9.api.infobip.com/whatsapp/1/message/text');
    expect(sent.headers.get('authorization')).toBe('App secret-api-key-1234');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(await sent.json()).toMatchObject({ messageId: 'msg_A', content: { text: 'Hola' } });
  });

  it('retries a 5xx once with backoff and succeeds with the same messageId', async () => {
    const fake = infobip(serviceError(503, 'SERVICE_UNAVAILABLE', 'Try later'), pending('msg_A'));
    const { client: c, sleeps } = client(fake.fetch);
    expect(await c.send(request)).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    const bodies = await Promise.all(fake.requests.map((r) => r.json() as Promise<{ messageId: string }>));
    expect(bodies.map((b) => b.messageId)).toEqual(['msg_A', 'msg_A']);
  });

  it('maps 429 to retryable and honours Retry-After', async () => {
    const fake = infobip(serviceError(429, 'TOO_MANY_REQUESTS', 'Slow down', { 'retry-after': '7' }));
    const { client: c, sleeps } = client(fake.fetch);
    expect(await c.send(request)).toEqual({
      ok: false,
      retryable: true,
      httpStatus: 429,
      code: 'TOO_MANY_REQUESTS',
      message: 'Slow down',
      retryAfterSeconds: 7,
    });
    expect(sleeps).toEqual([5_000]);
  });

  it.each([
    [400, 'BAD_REQUEST', 'Invalid destination address'],
    [401, 'UNAUTHORIZED', 'Invalid login details'],
    [403, 'FORBIDDEN', 'Sender not allowed'],
    [404, 'NOT_FOUND', 'Unknown endpoint'],
  ])('maps %i to a permanent failure without retrying', async (status, code, text) => {
    const fake = infobip(serviceError(status, code, text));
    const result = await client(fake.fetch).client.send(request);
    expect(result).toEqual({ ok: false, retryable: false, httpStatus: status, code, message: text });
    expect(fake.requests).toHaveLength(1);
  });

  it('a network error or a timeout is retryable', async () => {
    const down = infobip(() => {
      throw new TypeError('connection refused');
    });
    expect(await client(down.fetch).client.send(request)).toMatchObject({
      ok: false,
      retryable: true,
      code: 'NETWORK',
    });
    const slow = infobip(
      () =>
        new Promise<Response>((_, reject) =>
          setTimeout(() => reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), 1),
        ),
    );
    expect(await client(slow.fetch, { timeoutMs: 1 }).client.send(request)).toMatchObject({
      ok: false,
      retryable: true,
      code: 'TIMEOUT',
    });
  });

  it('a 200 with status REJECTED is a permanent failure', async () => {
    const fake = infobip(
      json(200, {
        messageId: 'msg_A',
        status: { groupName: 'REJECTED', name: 'REJECTED_DESTINATION', description: 'Bad number' },
      }),
    );
    expect(await client(fake.fetch).client.send(request)).toMatchObject({
      ok: false,
      retryable: false,
      code: 'REJECTED_DESTINATION',
    });
  });

  it('reads the template endpoint’s batch answer', async () => {
    const fake = infobip(
      json(200, { messages: [{ messageId: 'msg_T', status: { groupName: 'PENDING' } }], bulkId: null }),
    );
    const template = toInfobipRequest(
      { type: 'template', templateName: 'pedido_listo', placeholders: [] },
      { from: '1', to: '2', messageId: 'msg_T' },
    );
    expect(await client(fake.fetch).client.send(template)).toEqual({ ok: true, messageId: 'msg_T', status: 'PENDING' });
  });
});

describe('Infobip client: circuit breaker per connection', () => {
  it('opens after 5 consecutive retryable failures, fails fast while open, and closes after a successful trial', async () => {
    let now = 1_000_000;
    let healthy = false;
    const fake = infobip(() => (healthy ? pending('msg_A')() : serviceError(502, 'BAD_GATEWAY', 'Upstream')()));
    const { client: c, connectionId } = client(fake.fetch, {
      attempts: 1,
      now: () => now,
      breaker: { failureThreshold: 5, openMs: 30_000 },
    });

    for (let i = 0; i < 5; i++) expect(await c.send(request)).toMatchObject({ ok: false, code: 'BAD_GATEWAY' });
    expect(breakerState(connectionId, { failureThreshold: 5, openMs: 30_000 }, now)).toBe('open');

    const fast = await c.send(request);
    expect(fast).toMatchObject({ ok: false, retryable: true, code: 'CIRCUIT_OPEN', httpStatus: null });
    expect(fake.requests).toHaveLength(5);

    now += 30_000;
    healthy = true;
    expect(await c.send(request)).toMatchObject({ ok: true });
    expect(breakerState(connectionId, { failureThreshold: 5, openMs: 30_000 }, now)).toBe('closed');
  });

  it('a failed trial in half-open opens it again', async () => {
    let now = 0;
    const fake = infobip(serviceError(500, 'GENERAL_ERROR', 'Boom'));
    const breaker = { failureThreshold: 2, openMs: 1_000 };
    const { client: c, connectionId } = client(fake.fetch, { attempts: 1, now: () => now, breaker });
    await c.send(request);
    await c.send(request);
    now += 1_000;
    expect(breakerState(connectionId, breaker, now)).toBe('half-open');
    await c.send(request);
    expect(breakerState(connectionId, breaker, now)).toBe('open');
  });

  it('permanent errors do not open the breaker, and one connection’s failures do not affect another', async () => {
    const bad = infobip(serviceError(400, 'BAD_REQUEST', 'Invalid'));
    const first = client(bad.fetch, { attempts: 1, breaker: { failureThreshold: 1, openMs: 60_000 } });
    for (let i = 0; i < 3; i++) await first.client.send(request);
    expect(breakerState(first.connectionId)).toBe('closed');

    const down = infobip(serviceError(500, 'GENERAL_ERROR', 'Boom'));
    const second = client(down.fetch, { attempts: 1, breaker: { failureThreshold: 1, openMs: 60_000 } });
    await second.client.send(request);
    expect(breakerState(second.connectionId)).toBe('open');
    expect(breakerState(first.connectionId)).toBe('closed');
  });
});

describe('Infobip client: media and read receipts', () => {
  it('downloads media with the API key and keeps type and file name', async () => {
    const fake = infobip(
      () =>
        new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': 'attachment; filename="comprobante.pdf"',
          },
        }),
    );
    const result = await client(fake.fetch).client.downloadMedia(
      'https://xk2p9.api.infobip.com/whatsapp/1/senders/549/media/abc',
    );
    expect(result).toMatchObject({ ok: true, contentType: 'application/pdf', filename: 'comprobante.pdf' });
    expect(result.ok && Array.from(result.bytes)).toEqual([0x25, 0x50, 0x44, 0x46]);
    expect(fake.requests[0]!.method).toBe('GET');
    expect(fake.requests[0]!.headers.get('authorization')).toBe('App secret-api-key-1234');
  });

  it('marks a message as read at /senders/{sender}/message/{id}/read', async () => {
    const fake = infobip(json(200, {}));
    expect(await client(fake.fetch).client.markAsRead('5491140000000', 'wamid.X')).toEqual({ ok: true });
    expect(fake.requests[0]!.url).toBe(
      'https://xk2p9.api.infobip.com/whatsapp/1/senders/5491140000000/message/wamid.X/read',
    );
  });
});
