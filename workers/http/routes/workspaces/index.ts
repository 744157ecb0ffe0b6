import { newApp } from '../../app';
import { registerCreateWorkspace } from './create';
import { registerGetCurrentWorkspace } from './current';
import { registerDeleteWorkspace } from './delete';
import { registerGetWorkspace } from './get';
import { registerListWorkspaces } from './list';
import { registerUpdateWorkspace } from './update';

/** `/api/v1/workspaces[/{id}]` and `/api/v1/workspace` (the one named by `x-workspace-id`); mounted at `/`. */
export const workspaceRoutes = newApp();
registerListWorkspaces(workspaceRoutes);
registerCreateWorkspace(workspaceRoutes);
registerGetCurrentWorkspace(workspaceRoutes);
registerGetWorkspace(workspaceRoutes);
registerUpdateWorkspace(workspaceRoutes);
registerDeleteWorkspace(workspaceRoutes);
