/**
 * Retries and fallback around any `LlmProvider` (plan 1.9): exponential backoff with full
 * jitter on retryable failures (429, 529/overloaded, 5xx, timeouts), honouring the provider's
 * `retry-after`; when the primary model is still failing, one call to the fallback provider (a
 * smaller model). Errors that a retry cannot fix (400, 401/403, an aborted turn) are thrown at
 * once. `sleep` and `random` are injectable so tests run instantly and deterministically.
 */
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse } from './provider';

export interface RetryOptions {
  /** Calls to the primary provider, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `retry-after` longer than this is not waited for: the fallback answers instead. */
  maxRetryAfterMs?: number;
  /** Called once, after the primary provider gave up on a retryable error. */
  fallback?: LlmProvider;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). */
  random?: () => number;
  /** Observes each retry of the primary provider (logging, metrics). */
  onRetry?: (event: { attempt: number; error: LlmError; delayMs: number }) => void;
  /** Observes the switch to the fallback provider, with the primary's last error. */
  onFallback?: (error: LlmError) => void;
}

export const RETRY_DEFAULTS = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 15_000,
} as const;

/** Resolves after `ms`, or rejects early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base · 2^(attempt-1))],
 * which spreads competing retries better than a fixed exponential schedule.
 */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Wraps `primary` so that transient failures are retried and, as a last resort, `fallback` answers. */
export function withRetries(primary: LlmProvider, options: RetryOptions = {}): LlmProvider {
  const maxAttempts = Math.max(1, options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;

  return {
    name: primary.name,
    async complete(request: LlmRequest): Promise<LlmResponse> {
      let lastError: LlmError | undefined;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        try {
          return await primary.complete(request);
        } catch (thrown) {
          const error = asLlmError(thrown);
          if (!error.retryable || request.signal?.aborted) throw error;
          lastError = error;
          if (attempt === maxAttempts) break;
          if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) break;
          const delayMs = error.retryAfterMs ?? backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
          options.onRetry?.({ attempt, error, delayMs });
          await wait(delayMs, request.signal);
        }
      }
      if (!options.fallback) throw lastError!;
      options.onFallback?.(lastError!);
      try {
        return await options.fallback.complete(request);
      } catch (thrown) {
        throw asLlmError(thrown);
      }
    },
  };
}

function asLlmError(thrown: unknown): LlmError {
  if (thrown instanceof LlmError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new LlmError(message, 'unknown', false, { cause: thrown });
}
