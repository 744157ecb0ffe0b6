import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerWithoutDetails } from '../../../scripts/dev-errors';

describe("the dev server's error answer", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("answers the API's generic 500 body, without the stack or paths, and logs them in the terminal", async () => {
    const logged: string[] = [];
    const failure = new TypeError('fetch failed', { cause: new Error('read ECONNRESET') });
    server = createServer((req, res) =>
      answerWithoutDetails((line) => logged.push(line))(failure, req, res, () => res.end('next')),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const res = await fetch(`http://127.0.0.1:${port}/health`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal error', requestId: 'unknown' },
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('GET /health');
    expect(logged[0]).toContain(failure.stack!.split('\n')[1]!.trim());
    expect(logged[0]).toContain('read ECONNRESET');
  });
});
