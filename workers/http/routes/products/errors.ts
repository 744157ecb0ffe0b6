import type { ImportFailure } from '../../../retail/products';
import { ApiError, type ErrorCode } from '../../errors';

type CatalogFailure = 'NOT_FOUND' | 'SKU_TAKEN' | ImportFailure;

const CODE_OF: Record<CatalogFailure, ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  SKU_TAKEN: 'CONFLICT',
  MALFORMED_CSV: 'BAD_REQUEST',
  INVALID_HEADER: 'BAD_REQUEST',
  NO_ROWS: 'BAD_REQUEST',
  TOO_MANY_ROWS: 'PAYLOAD_TOO_LARGE',
};

/** The one mapping of catalogue failures to API errors; the domain's message is kept. */
export function catalogError({ error, message }: { error: CatalogFailure; message?: string }): ApiError {
  return new ApiError(CODE_OF[error], message ?? error);
}
