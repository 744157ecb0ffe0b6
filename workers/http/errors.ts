import { z } from '@hono/zod-openapi';

/** The closed set of error codes the API answers with. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INSUFFICIENT_STOCK',
  'INVALID_TRANSITION',
  'WINDOW_CLOSED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'UPGRADE_REQUIRED',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function statusOf(code: ErrorCode) {
  switch (code) {
    case 'BAD_REQUEST':
    case 'VALIDATION_FAILED':
      return 400 as const;
    case 'UNAUTHORIZED':
      return 401 as const;
    case 'FORBIDDEN':
      return 403 as const;
    case 'NOT_FOUND':
      return 404 as const;
    case 'CONFLICT':
    case 'INSUFFICIENT_STOCK':
    case 'INVALID_TRANSITION':
    case 'WINDOW_CLOSED':
      return 409 as const;
    case 'PAYLOAD_TOO_LARGE':
      return 413 as const;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415 as const;
    case 'UNPROCESSABLE':
      return 422 as const;
    case 'UPGRADE_REQUIRED':
      return 426 as const;
    case 'RATE_LIMITED':
      return 429 as const;
    case 'INTERNAL_ERROR':
      return 500 as const;
    case 'SERVICE_UNAVAILABLE':
      return 503 as const;
  }
}

/** The one error the HTTP layer throws; `onError` turns it into the error body. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status() {
    return statusOf(this.code);
  }
}

export interface InputIssue {
  path: string;
  message: string;
  code: string;
}

/**
 * The 400 for input that failed validation (`where`: body, query, param, …), naming the first
 * field in the message and listing every issue in `details`.
 */
export function invalidInput(where: string, issues: InputIssue[]): ApiError {
  const first = issues[0];
  const message = first
    ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}`
    : `Invalid ${where}`;
  return new ApiError('VALIDATION_FAILED', message, issues);
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: 'NOT_FOUND' }),
      message: z.string().openapi({ example: 'Workspace not found' }),
      requestId: z.string().openapi({ example: 'req_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorSchema>;

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

/** OpenAPI `responses` entries for the errors a route may answer. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 426 | 429 | 503>) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input',
    401: 'Missing or invalid credentials',
    403: 'Missing permission',
    404: 'Not found',
    409: 'Conflict with the current state',
    413: 'Body too large',
    415: 'Unsupported content type',
    422: 'Idempotency-Key reused with a different request',
    426: 'Not a WebSocket upgrade',
    429: 'Too many requests',
    503: 'A dependency is unavailable',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: descriptions[s]!, content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );
}
