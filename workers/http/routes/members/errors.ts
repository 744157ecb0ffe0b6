import { ApiError } from '../../errors';

type MemberFailure = {
  error: 'NOT_FOUND' | 'USER_NOT_FOUND' | 'ALREADY_MEMBER' | 'ROLE_NOT_FOUND' | 'FORBIDDEN' | 'LAST_OWNER';
  message?: string;
};

/** The one mapping of member-management failures to API errors. */
export function memberError({ error, message }: MemberFailure): ApiError {
  switch (error) {
    case 'NOT_FOUND':
      return new ApiError('NOT_FOUND', message ?? 'Member not found');
    case 'USER_NOT_FOUND':
      return new ApiError('NOT_FOUND', message ?? 'No user with that e-mail');
    case 'ALREADY_MEMBER':
      return new ApiError('CONFLICT', message ?? 'Already a member');
    case 'ROLE_NOT_FOUND':
      return new ApiError('VALIDATION_FAILED', message ?? 'Unknown role');
    case 'FORBIDDEN':
      return new ApiError('FORBIDDEN', message ?? 'Not allowed');
    case 'LAST_OWNER':
      return new ApiError('CONFLICT', message ?? 'The workspace needs at least one Owner');
  }
}
