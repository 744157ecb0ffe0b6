import { ApiError } from '../../errors';

type CustomerFailure = {
  error: 'NOT_FOUND' | 'INVALID_PHONE' | 'DUPLICATE_PHONE' | 'DUPLICATE_WA_USER' | 'SAME_CUSTOMER' | 'ALREADY_MERGED';
  message?: string;
};

/** The one mapping of customer failures to API errors. */
export function customerError({ error, message }: CustomerFailure): ApiError {
  switch (error) {
    case 'NOT_FOUND':
      return new ApiError('NOT_FOUND', message ?? 'Customer not found');
    case 'INVALID_PHONE':
      return new ApiError('VALIDATION_FAILED', message ?? 'Invalid phone number');
    case 'DUPLICATE_PHONE':
    case 'DUPLICATE_WA_USER':
    case 'SAME_CUSTOMER':
    case 'ALREADY_MERGED':
      return new ApiError('CONFLICT', message ?? error);
  }
}
