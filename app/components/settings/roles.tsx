import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Badge, Button, Card, EmptyState, ErrorState, LoadingState, PanelHeader } from '../ui';
import { api } from '../../lib/api';
import type { PermissionCatalogue, Role } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { RoleEditor } from './role-editor';

/** The workspace's roles (only fetched when the person may read them). */
export function useRoles() {
  const { workspace, can } = useWorkspace();
  return useQuery({
    queryKey: ['roles', workspace.id],
    queryFn: () => api<{ data: Role[] }>(`/workspaces/${workspace.id}/roles`, { tenant: false }).then((r) => r.data),
    enabled: can('roles:read'),
  });
}

/** The roles list, opening the role editor. */
export function Roles() {
  const { can } = useWorkspace();
  const roles = useRoles();
  const catalogue = useQuery({
    queryKey: ['permissions'],
    queryFn: () => api<PermissionCatalogue>('/permissions', { tenant: false }),
    staleTime: Infinity,
  });
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  if (roles.isPending || catalogue.isPending) return <LoadingState />;
  if (roles.isError) return <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  return (
    <Card>
      <PanelHeader
        title="Roles"
        actions={
          can('roles:create') && (
            <Button onClick={() => setEditing('new')}>
              <Plus className="size-4" aria-hidden />
              Nuevo rol
            </Button>
          )
        }
      />
      {roles.data.length === 0 ? (
        <EmptyState title="Sin roles" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {roles.data.map((role) => (
            <li key={role.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <span className="min-w-0 flex-1">
                <span className="flex items-center gap-2 font-medium">
                  {role.name}
                  {role.isSystem && <Badge>Sistema</Badge>}
                </span>
                <span className="block text-slate-500">
                  {role.description ?? `${role.permissions.length} permisos`}
                </span>
              </span>
              <span className="text-xs text-slate-500">
                {role.memberCount} {role.memberCount === 1 ? 'miembro' : 'miembros'}
              </span>
              <Button variant="secondary" onClick={() => setEditing(role)}>
                {role.isSystem || !can('roles:update') ? 'Ver permisos' : 'Editar'}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <RoleEditor
          role={editing === 'new' ? null : editing}
          catalogue={catalogue.data}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
