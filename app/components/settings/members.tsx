import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Modal, ModalActions } from '../modal';
import { notify } from '../toast';
import {
  Badge,
  Button,
  Card,
  ErrorState,
  Field,
  FormError,
  Input,
  LoadingState,
  PanelHeader,
  Select,
  errorMessage,
} from '../ui';
import { api } from '../../lib/api';
import { InviteForm } from '../../lib/schemas';
import type { Member, Role } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';
import { useRoles } from './roles';

/** The team: each member's role, removal, and "Sumar miembro". */
export function Members() {
  const { workspace, can } = useWorkspace();
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: ['members', workspace.id],
    queryFn: () =>
      api<{ data: Member[] }>(`/workspaces/${workspace.id}/members`, { tenant: false }).then((r) => r.data),
  });
  const roles = useRoles();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', workspace.id] });
  const changeRole = async (member: Member, roleId: string) => {
    setError(null);
    try {
      await api(`/workspaces/${workspace.id}/members/${member.id}`, {
        method: 'PATCH',
        tenant: false,
        body: { roleId },
      });
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['roles', workspace.id] });
      notify('Rol actualizado');
    } catch (e) {
      setError(e);
    }
  };
  if (members.isPending) return <LoadingState />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  return (
    <Card>
      <PanelHeader
        title="Miembros"
        actions={can('members:invite') && roles.data && <InviteMember roles={roles.data} onDone={refresh} />}
      />
      <div className="p-4 pb-0">
        <FormError error={error} />
      </div>
      <ul className="divide-y divide-slate-100">
        {members.data.map((member) => (
          <li key={member.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
            <span className="min-w-0 flex-1">
              <span className="block font-medium">
                {member.firstName} {member.lastName}
              </span>
              <span className="block truncate text-slate-500">{member.email}</span>
            </span>
            {member.status !== 'ACTIVE' && <Badge tone="amber">Suspendido</Badge>}
            {can('members:update') && roles.data ? (
              <Select
                aria-label={`Rol de ${member.firstName}`}
                className="w-40"
                value={member.role.id}
                onChange={(e) => void changeRole(member, e.target.value)}
              >
                {roles.data.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </Select>
            ) : (
              <Badge tone="blue">{member.role.name}</Badge>
            )}
            {can('members:remove') && (
              <Button variant="ghost" aria-label={`Quitar a ${member.firstName}`} onClick={() => setRemoving(member)}>
                <Trash2 className="size-4" aria-hidden />
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Modal
        open={Boolean(removing)}
        onOpenChange={(open) => !open && setRemoving(null)}
        title="Quitar del equipo"
        description={
          removing ? `${removing.firstName} ${removing.lastName} deja de tener acceso a ${workspace.name}.` : undefined
        }
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRemoving(null)}>
            Volver
          </Button>
          <Button
            variant="danger"
            onClick={async () => {
              if (!removing) return;
              try {
                await api(`/workspaces/${workspace.id}/members/${removing.id}`, { method: 'DELETE', tenant: false });
                await refresh();
                notify('Miembro quitado');
              } catch (e) {
                notify(errorMessage(e), 'error');
              }
              setRemoving(null);
            }}
          >
            Quitar
          </Button>
        </div>
      </Modal>
    </Card>
  );
}

function InviteMember({ roles, onDone }: { roles: Role[]; onDone: () => Promise<unknown> }) {
  const { workspace } = useWorkspace();
  const [open, setOpen] = useState(false);
  const defaultRole = roles.find((r) => r.name === 'Operator') ?? roles[0];
  const form = useForm(InviteForm, { email: '', roleId: defaultRole?.id ?? '' });
  const { values, errors } = form;
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden />
        Sumar miembro
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Sumar un miembro"
        description="La persona tiene que tener una cuenta de Nexova con ese e-mail."
      >
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit(async (parsed) => {
              await api(`/workspaces/${workspace.id}/members`, { tenant: false, body: parsed });
              await onDone();
              notify('Miembro sumado');
              setOpen(false);
            });
          }}
        >
          <FormError error={form.formError} />
          <Field label="E-mail" error={errors.email}>
            {(p) => (
              <Input {...p} type="email" value={values.email} onChange={(e) => form.set('email', e.target.value)} />
            )}
          </Field>
          <Field label="Rol" error={errors.roleId}>
            {(p) => (
              <Select {...p} value={values.roleId} onChange={(e) => form.set('roleId', e.target.value)}>
                {roles.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <ModalActions onCancel={() => setOpen(false)} submitting={form.submitting}>
            Sumar
          </ModalActions>
        </form>
      </Modal>
    </>
  );
}
