import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useWorkspaceStore } from '../stores/workspace';
import { api } from './api';
import { can } from './permissions';
import type { Workspace } from './types';

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: ['workspaces'],
    queryFn: () => api<{ data: Workspace[] }>('/workspaces', { tenant: false }).then((r) => r.data),
    enabled,
  });
}

/** The current workspace as the API describes it for this user (`GET /workspace`), permissions included. */
export function useCurrentWorkspaceQuery(workspaceId: string | null) {
  return useQuery({
    queryKey: ['workspace', workspaceId],
    queryFn: () => api<Workspace>('/workspace'),
    enabled: Boolean(workspaceId),
  });
}

interface WorkspaceContextValue {
  workspace: Workspace;
  /** Whether the user's role here grants `permission`. */
  can(permission: string): boolean;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function WorkspaceProvider({ workspace, children }: { workspace: Workspace; children: React.ReactNode }) {
  const value: WorkspaceContextValue = { workspace, can: (permission) => can(workspace.permissions, permission) };
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** The workspace of the app shell; only inside `WorkspaceProvider`. */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}

export function useSelectedWorkspaceId() {
  return useWorkspaceStore((s) => s.workspaceId);
}
