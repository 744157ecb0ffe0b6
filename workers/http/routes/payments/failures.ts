import { ApiError } from '../../errors';

type PaymentFailure = {
  error: 'NOT_FOUND' | 'ORDER_NOT_PAYABLE' | 'CURRENCY_MISMATCH' | 'OVERPAYMENT' | 'NOT_PENDING';
  message?: string;
};

/** The one mapping of payment failures to API errors. */
export function paymentError({ error, message }: PaymentFailure): ApiError {
  switch (error) {
    case 'NOT_FOUND':
      return new ApiError('NOT_FOUND', message ?? 'Not found');
    case 'CURRENCY_MISMATCH':
      return new ApiError('VALIDATION_FAILED', message ?? "The currency must be the order's");
    case 'ORDER_NOT_PAYABLE':
    case 'OVERPAYMENT':
    case 'NOT_PENDING':
      return new ApiError('CONFLICT', message ?? error, { reason: error });
  }
}
