/**
 * HTTP client of Infobip's WhatsApp API for one connection: `Authorization: App <key>`, JSON,
 * a timeout per attempt, a few quick retries with backoff for errors worth retrying, an error
 * mapping that tells the caller whether to retry later, and a circuit breaker per connection.
 *
 * The breaker lives in the isolate (a module-level map): each isolate learns on its own that a
 * connection is failing and stops hammering it for `openMs`. That is enough to shed load from a
 * broken account quickly; it is not a global view, and it does not need to be — queue retries
 * with backoff are the durable layer above it.
 */
import { ApiErrorBody, SendResponse, SendTemplateResponse } from './schemas';
import type { InfobipRequest } from './adapter';

export interface SendSuccess {
  ok: true;
  messageId: string;
  /** Infobip's status group for the accepted message (`PENDING` normally). */
  status: string;
}

export interface InfobipFailure {
  ok: false;
  /** True when the same request may succeed later (timeouts, 429, 5xx, open breaker). */
  retryable: boolean;
  /** HTTP status, or null when no answer came (network error, timeout, open breaker). */
  httpStatus: number | null;
  /** Infobip's `messageId` of the error (e.g. `UNAUTHORIZED`, `BAD_REQUEST`) or ours (`TIMEOUT`, `NETWORK`, `CIRCUIT_OPEN`). */
  code: string;
  message: string;
  /** From `Retry-After`, when Infobip sent one. */
  retryAfterSeconds?: number;
}

export type SendResult = SendSuccess | InfobipFailure;

export interface MediaDownload {
  ok: true;
  bytes: Uint8Array;
  contentType: string | null;
  filename: string | null;
}

export interface BreakerOptions {
  /** Consecutive retryable failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  openMs: number;
}

export interface InfobipClientOptions {
  connectionId: string;
  baseUrl: string;
  apiKey: string | null;
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Attempts per call, including the first (default 2); the queue retries beyond that. */
  attempts?: number;
  /** First backoff delay; doubled each attempt, with full jitter (default 250 ms). */
  backoffMs?: number;
  breaker?: BreakerOptions;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, openMs: 30_000 };

interface BreakerState {
  failures: number;
  openedAt: number | null;
}

const breakers = new Map<string, BreakerState>();

/** Tests only: forgets every connection's breaker state. */
export function resetCircuitBreakers(): void {
  breakers.clear();
}

/** The breaker of a connection in this isolate: `closed`, `open` or `half-open` (one trial allowed). */
export function breakerState(connectionId: string, options = DEFAULT_BREAKER, now = Date.now()) {
  const state = breakers.get(connectionId);
  if (!state || state.openedAt === null) return 'closed' as const;
  return now - state.openedAt >= options.openMs ? ('half-open' as const) : ('open' as const);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class InfobipClient {
  private readonly fetcher: (request: Request) => Promise<Response>;
  private readonly breaker: BreakerOptions;
  private readonly now: () => number;

  constructor(private readonly options: InfobipClientOptions) {
    this.fetcher = options.fetch ?? ((request) => fetch(request));
    this.breaker = options.breaker ?? DEFAULT_BREAKER;
    this.now = options.now ?? Date.now;
  }

  /** Sends one message request (adapter.toInfobipRequest). Never throws: failures are results. */
  async send(request: InfobipRequest): Promise<SendResult> {
    const answer = await this.call('POST', request.path, request.body);
    if (!answer.ok) return answer;
    const body: unknown = await answer.response.json().catch(() => null);
    const single = SendResponse.safeParse(body);
    const batch = single.success ? null : SendTemplateResponse.safeParse(body);
    const accepted = single.success ? single.data : batch?.success ? batch.data.messages[0] : undefined;
    if (!accepted) {
      // A 2xx we cannot read: Infobip took the request, so sending again could duplicate it.
      return {
        ok: true,
        messageId: String((request.body as { messageId?: unknown }).messageId ?? ''),
        status: 'UNKNOWN',
      };
    }
    if (accepted.status.groupName === 'REJECTED') {
      return {
        ok: false,
        retryable: false,
        httpStatus: answer.response.status,
        code: accepted.status.name ?? 'REJECTED',
        message: accepted.status.description ?? 'Infobip rejected the message',
      };
    }
    return { ok: true, messageId: accepted.messageId, status: accepted.status.groupName };
  }

  /** Downloads inbound media (`message.url`), which needs the API key. */
  async downloadMedia(url: string): Promise<MediaDownload | InfobipFailure> {
    const answer = await this.call('GET', url);
    if (!answer.ok) return answer;
    const bytes = new Uint8Array(await answer.response.arrayBuffer());
    const disposition = answer.response.headers.get('content-disposition') ?? '';
    const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
    return { ok: true, bytes, contentType: answer.response.headers.get('content-type'), filename };
  }

  /** Marks an inbound message as read (blue ticks). */
  async markAsRead(sender: string, messageId: string): Promise<{ ok: true } | InfobipFailure> {
    const answer = await this.call(
      'POST',
      `/whatsapp/1/senders/${encodeURIComponent(sender)}/message/${encodeURIComponent(messageId)}/read`,
    );
    return answer.ok ? { ok: true } : answer;
  }

  private async call(
    method: 'GET' | 'POST',
    pathOrUrl: string,
    body?: unknown,
  ): Promise<{ ok: true; response: Response } | InfobipFailure> {
    const attempts = Math.max(1, this.options.attempts ?? 2);
    let last: InfobipFailure | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        const base = (this.options.backoffMs ?? 250) * 2 ** (attempt - 2);
        const wait = last?.retryAfterSeconds ? Math.min(last.retryAfterSeconds * 1000, 5_000) : Math.random() * base;
        await (this.options.sleep ?? defaultSleep)(wait);
      }
      const gate = this.admit();
      if (gate) return gate;
      const outcome = await this.once(method, pathOrUrl, body);
      this.record(outcome);
      if (outcome.ok || !outcome.retryable) return outcome;
      last = outcome;
    }
    return last!;
  }

  private admit(): InfobipFailure | null {
    const state = breakerState(this.options.connectionId, this.breaker, this.now());
    if (state !== 'open') return null;
    return {
      ok: false,
      retryable: true,
      httpStatus: null,
      code: 'CIRCUIT_OPEN',
      message: `Infobip calls for this connection are paused after ${this.breaker.failureThreshold} consecutive failures`,
      retryAfterSeconds: Math.ceil(this.breaker.openMs / 1000),
    };
  }

  /** Retryable failures count toward opening the breaker; anything else (even a 400) proves Infobip answers. */
  private record(outcome: { ok: true } | InfobipFailure): void {
    const id = this.options.connectionId;
    if (outcome.ok || !outcome.retryable) {
      breakers.delete(id);
      return;
    }
    const state = breakers.get(id) ?? { failures: 0, openedAt: null };
    state.failures += 1;
    // A failed trial in half-open, or the threshold reached: (re)open from now.
    if (state.openedAt !== null || state.failures >= this.breaker.failureThreshold) state.openedAt = this.now();
    breakers.set(id, state);
  }

  private async once(
    method: 'GET' | 'POST',
    pathOrUrl: string,
    body: unknown,
  ): Promise<{ ok: true; response: Response } | InfobipFailure> {
    const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.options.baseUrl.replace(/\/+$/, '')}${pathOrUrl}`;
    const headers = new Headers({ accept: method === 'GET' ? '*/*' : 'application/json' });
    if (this.options.apiKey) headers.set('authorization', `App ${this.options.apiKey}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let response: Response;
    try {
      response = await this.fetcher(
        new Request(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        }),
      );
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return {
        ok: false,
        retryable: true,
        httpStatus: null,
        code: timedOut ? 'TIMEOUT' : 'NETWORK',
        message: timedOut ? `No answer from Infobip within ${timeoutMs} ms` : `Infobip unreachable: ${String(error)}`,
      };
    }
    if (response.ok) return { ok: true, response };
    return failureOf(response);
  }
}

/**
 * Which HTTP failures are worth retrying: 408, 429 and 5xx are Infobip (or the path to it)
 * being busy or down; any other 4xx is about the request or the account (bad key, unknown
 * sender, invalid body) and sending it again would fail the same way.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function failureOf(response: Response): Promise<InfobipFailure> {
  const text = await response.text().catch(() => '');
  let code = `HTTP_${response.status}`;
  let message = text.slice(0, 500) || response.statusText || `HTTP ${response.status}`;
  try {
    const parsed = ApiErrorBody.safeParse(JSON.parse(text));
    const exception = parsed.success
      ? (parsed.data.requestError.serviceException ?? parsed.data.requestError.policyException)
      : undefined;
    if (exception?.messageId) code = exception.messageId;
    if (exception?.text) message = exception.text;
  } catch {
    // Not JSON: keep the text.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    retryable: isRetryableStatus(response.status),
    httpStatus: response.status,
    code,
    message,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}
