/**
 * The one text policy, for every place text enters (JSON bodies, query strings, path params,
 * webhook payloads, CSV cells). Two things cannot be stored: PostgreSQL refuses NUL (`\u0000`) in
 * `text` and `jsonb`, and an unpaired UTF-16 surrogate (half an emoji, e.g. a client cutting at
 * 4096 code units) is not Unicode — `jsonb` refuses its escape and `text` would silently get
 * U+FFFD. The API refuses such input (400 naming the field, `findTextDefect`); the webhook, which
 * must not lose a customer's message, stores it cleaned (`cleanJson`) and keeps the original
 * escaped beside it. Everything else (other control characters, RTL marks, emoji) is ordinary
 * text. JSON deeper than `MAX_JSON_DEPTH` is refused too: nothing we accept nests that far, and
 * serialising it again would exhaust the stack.
 */

// NUL is exactly what this looks for.
// eslint-disable-next-line no-control-regex
const DEFECT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DEFECTS = new RegExp(DEFECT.source, 'g');

/** Nesting beyond this (objects and arrays) is refused by `findTextDefect`. */
export const MAX_JSON_DEPTH = 32;

/** Why `text` cannot be stored as it is, or null when it can. */
export function textDefect(text: string): string | null {
  const match = DEFECT.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'contains a NUL character' : 'contains an unpaired UTF-16 surrogate';
}

export interface TextDefectAt {
  /** Where, as zod names it: keys and array indexes from the top. */
  path: Array<string | number>;
  message: string;
}

/**
 * The first string (value or object key) in `value` that `textDefect` refuses, or nesting deeper
 * than `MAX_JSON_DEPTH`; null when the whole value is clean. Iterative: safe on any depth.
 */
export function findTextDefect(value: unknown): TextDefectAt | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const message = textDefect(current);
      if (message) return { path, message };
    } else if (Array.isArray(current) || isPlainObject(current)) {
      if (path.length >= MAX_JSON_DEPTH) return { path, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
      const entries: Array<[string | number, unknown]> = Array.isArray(current)
        ? current.map((item, index) => [index, item])
        : Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (typeof key === 'string') {
          const message = textDefect(key);
          if (message) return { path: [...path, key], message: `has a key that ${message}` };
        }
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

/** `text` with each NUL and unpaired surrogate replaced by U+FFFD (the replacement character). */
export function cleanText(text: string): string {
  return DEFECT.test(text) ? text.replace(DEFECTS, '\uFFFD') : text;
}

/**
 * A copy of parsed JSON with every string (values and keys) passed through `cleanText`, and
 * whether anything changed. Plain JSON only (what `JSON.parse` returns); iterative.
 */
export function cleanJson<T>(value: T): { value: T; changed: boolean } {
  let changed = false;
  const clean = (text: string) => {
    const cleaned = cleanText(text);
    if (cleaned !== text) changed = true;
    return cleaned;
  };
  const root: { value: unknown } = { value: undefined };
  const stack: Array<{ source: unknown; assign: (v: unknown) => void }> = [
    { source: value, assign: (v) => (root.value = v) },
  ];
  while (stack.length > 0) {
    const { source, assign } = stack.pop()!;
    if (typeof source === 'string') assign(clean(source));
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      assign(copy);
      source.forEach((item, index) => stack.push({ source: item, assign: (v) => (copy[index] = v) }));
    } else if (isPlainObject(source)) {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [key, item] of Object.entries(source)) {
        const cleanKey = clean(key);
        stack.push({ source: item, assign: (v) => (copy[cleanKey] = v) });
      }
    } else assign(source);
  }
  return { value: root.value as T, changed };
}

/**
 * `text` made storable while keeping what was sent readable: NUL and unpaired surrogates written
 * as their JSON escapes (`\u0000`, `\ud83d`). For a raw body we could not parse; a parsed value
 * keeps its exact original as `JSON.stringify` output, which escapes them the same way.
 */
export function escapeText(text: string): string {
  return DEFECT.test(text) ? text.replace(DEFECTS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
