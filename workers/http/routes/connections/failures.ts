import type { ConnectionFailure } from '../../../whatsapp/connections';
import { ApiError } from '../../errors';

export function connectionError(failure: { error: ConnectionFailure; message?: string }): ApiError {
  switch (failure.error) {
    case 'NOT_FOUND':
      return new ApiError('NOT_FOUND', failure.message ?? 'Connection not found');
    case 'INVALID_INPUT':
      return new ApiError('VALIDATION_FAILED', failure.message ?? 'Invalid connection');
    case 'DUPLICATE_SENDER':
      return new ApiError('CONFLICT', failure.message ?? 'Duplicate sender');
  }
}
