import { newApp } from '../../app';
import { registerCreateRole } from './create';
import { registerDeleteRole } from './delete';
import { registerListRoles } from './list';
import { registerUpdateRole } from './update';

/** `/api/v1/workspaces/{id}/roles[/{roleId}]`; mounted at `/`. */
export const roleRoutes = newApp();
registerListRoles(roleRoutes);
registerCreateRole(roleRoutes);
registerUpdateRole(roleRoutes);
registerDeleteRole(roleRoutes);
