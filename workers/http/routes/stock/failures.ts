import { ApiError, type ErrorCode } from '../../errors';

/** The failure codes of the retail stock and order functions, and what each answers over HTTP. */
const STATUS_OF_FAILURE: Record<string, ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'VALIDATION_FAILED',
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  INVALID_STATE: 'CONFLICT',
  EMPTY_ORDER: 'CONFLICT',
  NOT_EDITABLE: 'CONFLICT',
};

/** Turns a domain failure into the `ApiError` the route throws (message and details kept). */
export function failureToApiError(failure: {
  error: string;
  message?: string;
  details?: Record<string, unknown>;
}): ApiError {
  const code = STATUS_OF_FAILURE[failure.error] ?? 'CONFLICT';
  return new ApiError(code, failure.message ?? failure.error, failure.details);
}
