/** What a domain function returns: a value, or a failure code the route maps to an `ApiError`. */
export type Result<T, E extends string> =
  { ok: true; value: T } | { ok: false; error: E; message?: string; details?: Record<string, unknown> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
/** `details` carries machine-readable facts about the failure (e.g. `{ requested, available }`). */
export const fail = <E extends string>(
  error: E,
  message?: string,
  details?: Record<string, unknown>,
): { ok: false; error: E; message?: string; details?: Record<string, unknown> } => ({
  ok: false,
  error,
  ...(message === undefined ? {} : { message }),
  ...(details === undefined ? {} : { details }),
});
