/**
 * A fake Anthropic endpoint at the HTTP boundary: a `fetch` for the SDK that answers each call
 * with the next recorded Messages API response (status, headers, JSON body exactly as the API
 * sends them, in test/fixtures/anthropic/) and keeps every request for assertions.
 */
import authError from '../../../fixtures/anthropic/auth-401.json';
import fallbackText from '../../../fixtures/anthropic/fallback-text.json';
import finalText from '../../../fixtures/anthropic/final-text.json';
import invalidRequest from '../../../fixtures/anthropic/invalid-request-400.json';
import malformedToolInput from '../../../fixtures/anthropic/malformed-tool-input.json';
import overloaded from '../../../fixtures/anthropic/overloaded-529.json';
import rateLimited from '../../../fixtures/anthropic/rate-limited-429.json';
import serverError from '../../../fixtures/anthropic/server-error-500.json';
import summaryText from '../../../fixtures/anthropic/summary-text.json';
import toolUse from '../../../fixtures/anthropic/tool-use.json';

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const FIXTURES = {
  toolUse,
  finalText,
  fallbackText,
  summaryText,
  malformedToolInput,
  rateLimited,
  overloaded,
  serverError,
  invalidRequest,
  authError,
} satisfies Record<string, RecordedResponse>;

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  // The Messages API request body as sent: a JSON object.
  body: Record<string, unknown> & { model: string; messages: Array<{ role: string; content: unknown[] }> };
}

/** Serves `responses` in order; a call past the last one fails loudly. */
export function recordedAnthropic(...responses: RecordedResponse[]) {
  const queue = [...responses];
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: JSON.parse(await request.text()),
    });
    const next = queue.shift();
    if (!next) throw new Error(`no recorded response left for request ${requests.length}`);
    return new Response(JSON.stringify(next.body), { status: next.status, headers: next.headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, remaining: () => queue.length };
}

/** A fetch that never answers until its signal aborts (for timeouts). */
export function hangingFetch(): typeof globalThis.fetch {
  return ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')), {
        once: true,
      });
    })) as typeof globalThis.fetch;
}
