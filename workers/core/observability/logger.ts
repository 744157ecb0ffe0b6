import { currentContext } from './context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Keys whose values never reach a log line, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|private[-_]?key|signature|credential/i;
const JWT_LIKE = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const BEARER = /\bBearer\s+[\w.~+/-]+=*/gi;

export const REDACTED = '[redacted]';

/** Removes secrets from a value before it is logged: by key name, and JWT/Bearer lookalikes in strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT_LIKE, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[truncated]';
  if (value instanceof Error)
    return { name: value.name, message: redact(value.message, depth + 1), stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
  return out;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to `console.log` (Workers Logs collects stdout). */
  sink?: (line: string) => void;
  base?: LogFields;
}

/** One JSON object per line, with the current request context (requestId, workspaceId, userId). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => console.log(line));
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const ctx = currentContext();
    const line = {
      time: new Date().toISOString(),
      level,
      message,
      ...(ctx ? { requestId: ctx.requestId, workspaceId: ctx.workspaceId, userId: ctx.userId } : {}),
      ...options.base,
      ...(fields ? (redact(fields) as LogFields) : {}),
    };
    sink(JSON.stringify(line));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** The process-wide logger; tests swap the sink through `setLogSink`. */
let sinkOverride: ((line: string) => void) | undefined;
export function setLogSink(sink: ((line: string) => void) | undefined) {
  sinkOverride = sink;
}
export const log: Logger = createLogger({ sink: (line) => (sinkOverride ?? console.log)(line), level: 'debug' });
