import type { RoleWriteError } from '../../../core/rbac/roles';
import { ApiError } from '../../errors';

/** The one mapping of role-management failures to API errors. */
export function roleError({ error, message }: { error: RoleWriteError | 'ROLE_IN_USE'; message?: string }): ApiError {
  switch (error) {
    case 'NOT_FOUND':
      return new ApiError('NOT_FOUND', message ?? 'Role not found');
    case 'INVALID_PERMISSIONS':
      return new ApiError('VALIDATION_FAILED', message ?? 'Unknown permissions');
    case 'FORBIDDEN':
      return new ApiError('FORBIDDEN', message ?? 'Not allowed');
    case 'DUPLICATE_NAME':
    case 'SYSTEM_ROLE':
    case 'ROLE_IN_USE':
      return new ApiError('CONFLICT', message ?? 'Conflict');
  }
}
