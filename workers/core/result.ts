/** What a domain function returns: a value, or a failure code the route maps to an `ApiError`. */
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E; message?: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E extends string>(error: E, message?: string): { ok: false; error: E; message?: string } =>
  message === undefined ? { ok: false, error } : { ok: false, error, message };
