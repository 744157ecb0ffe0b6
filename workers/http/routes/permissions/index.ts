import { newApp } from '../../app';
import { registerListPermissions } from './list';

/** `/api/v1/permissions`; mounted at `/`. */
export const permissionRoutes = newApp();
registerListPermissions(permissionRoutes);
