import * as Tabs from '@radix-ui/react-tabs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Modal, ModalActions } from '../components/modal';
import { AgentSettingsPanel } from '../components/settings-agent';
import { SettingsForm } from '../components/settings-form';
import { WhatsAppSettings } from '../components/settings-whatsapp';
import { notify } from '../components/toast';
import {
  Badge,
  Button,
  Card,
  cx,
  EmptyState,
  ErrorState,
  Field,
  FormError,
  Input,
  LoadingState,
  PageHeader,
  PanelHeader,
  Select,
  TAB_LIST,
  TAB_TRIGGER,
  Textarea,
  errorMessage,
} from '../components/ui';
import { api } from '../lib/api';
import { CURRENCIES, TIMEZONES } from '../lib/constants';
import { PERMISSION_LABELS, RESOURCE_LABELS } from '../lib/permission-labels';
import { InviteForm, RoleForm, WorkspaceForm } from '../lib/schemas';
import type { Member, PermissionCatalogue, Role, Workspace } from '../lib/types';
import { useForm } from '../lib/use-form';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Configuración · Nexova' }];

export default function SettingsPage() {
  const { can } = useWorkspace();
  return (
    <>
      <PageHeader title="Configuración" />
      <Tabs.Root defaultValue="workspace">
        <Tabs.List className={cx(TAB_LIST, 'flex-wrap')} aria-label="Secciones de configuración">
          <Tabs.Trigger value="workspace" className={TAB_TRIGGER}>
            Tienda
          </Tabs.Trigger>
          <Tabs.Trigger value="agent" className={TAB_TRIGGER}>
            Agente
          </Tabs.Trigger>
          {can('connections:read') && (
            <Tabs.Trigger value="whatsapp" className={TAB_TRIGGER}>
              WhatsApp
            </Tabs.Trigger>
          )}
          {can('members:read') && (
            <Tabs.Trigger value="members" className={TAB_TRIGGER}>
              Equipo
            </Tabs.Trigger>
          )}
          {can('roles:read') && (
            <Tabs.Trigger value="roles" className={TAB_TRIGGER}>
              Roles y permisos
            </Tabs.Trigger>
          )}
        </Tabs.List>
        <Tabs.Content value="workspace">
          <WorkspaceSettings />
        </Tabs.Content>
        <Tabs.Content value="agent">
          <AgentSettingsPanel />
        </Tabs.Content>
        <Tabs.Content value="whatsapp">
          <WhatsAppSettings />
        </Tabs.Content>
        <Tabs.Content value="members">
          <Members />
        </Tabs.Content>
        <Tabs.Content value="roles">
          <Roles />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function WorkspaceSettings() {
  const { workspace, can } = useWorkspace();
  const queryClient = useQueryClient();
  const readOnly = !can('workspaces:update');
  const form = useForm(WorkspaceForm, {
    name: workspace.name,
    currency: workspace.settings.currency,
    timezone: workspace.settings.timezone,
  });
  const { values, errors } = form;
  const zones = TIMEZONES.includes(values.timezone) ? TIMEZONES : [values.timezone, ...TIMEZONES];
  const currencies = CURRENCIES.includes(values.currency) ? CURRENCIES : [values.currency, ...CURRENCIES];
  return (
    <SettingsForm
      form={form}
      readOnly={readOnly}
      className="max-w-2xl"
      onSave={async (parsed) => {
        await api<Workspace>(`/workspaces/${workspace.id}`, {
          method: 'PATCH',
          tenant: false,
          body: { name: parsed.name, settings: { currency: parsed.currency, timezone: parsed.timezone } },
        });
        await queryClient.invalidateQueries({ queryKey: ['workspace'] });
        await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
        notify('Configuración guardada');
      }}
    >
      <Field label="Nombre de la tienda" error={errors.name}>
        {(p) => <Input {...p} value={values.name} onChange={(e) => form.set('name', e.target.value)} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Moneda" error={errors.currency} hint="Los precios se guardan en centavos de esta moneda.">
          {(p) => (
            <Select {...p} value={values.currency} onChange={(e) => form.set('currency', e.target.value)}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Zona horaria" error={errors.timezone} hint="Las fechas del panel se muestran en esta zona.">
          {(p) => (
            <Select {...p} value={values.timezone} onChange={(e) => form.set('timezone', e.target.value)}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
    </SettingsForm>
  );
}

function useRoles() {
  const { workspace, can } = useWorkspace();
  return useQuery({
    queryKey: ['roles', workspace.id],
    queryFn: () => api<{ data: Role[] }>(`/workspaces/${workspace.id}/roles`, { tenant: false }).then((r) => r.data),
    enabled: can('roles:read'),
  });
}

function Members() {
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

function Roles() {
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

/** Role form with the permission catalogue as checkboxes; `resource:*` grants every action of a resource. */
function RoleEditor({
  role,
  catalogue,
  onClose,
}: {
  role: Role | null;
  catalogue: PermissionCatalogue;
  onClose: () => void;
}) {
  const { workspace, can } = useWorkspace();
  const queryClient = useQueryClient();
  const readOnly = role ? role.isSystem || !can('roles:update') : !can('roles:create');
  const form = useForm(RoleForm, {
    name: role?.name ?? '',
    description: role?.description ?? '',
    permissions: role?.permissions ?? [],
  });
  const { values, errors } = form;
  const granted = new Set(values.permissions);
  const all = granted.has('*');
  const toggle = (permission: string, on: boolean) => {
    const next = new Set(values.permissions);
    if (on) next.add(permission);
    else next.delete(permission);
    form.set('permissions', [...next]);
  };
  const [deleting, setDeleting] = useState(false);
  const save = () =>
    form.submit(async (parsed) => {
      const body = { name: parsed.name, description: parsed.description || null, permissions: parsed.permissions };
      if (role) await api(`/workspaces/${workspace.id}/roles/${role.id}`, { method: 'PATCH', tenant: false, body });
      else await api(`/workspaces/${workspace.id}/roles`, { tenant: false, body });
      await queryClient.invalidateQueries({ queryKey: ['roles', workspace.id] });
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
      notify(role ? 'Rol actualizado' : 'Rol creado');
      onClose();
    });
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      title={role ? `Rol ${role.name}` : 'Nuevo rol'}
      description={role?.isSystem ? 'Los roles de sistema no se pueden modificar.' : undefined}
      wide
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <FormError error={form.formError} />
        <fieldset disabled={readOnly} className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Nombre" error={errors.name}>
              {(p) => <Input {...p} value={values.name} onChange={(e) => form.set('name', e.target.value)} />}
            </Field>
            <Field label="Descripción" error={errors.description}>
              {(p) => (
                <Textarea
                  {...p}
                  className="min-h-10"
                  value={values.description}
                  onChange={(e) => form.set('description', e.target.value)}
                />
              )}
            </Field>
          </div>
          {all ? (
            <p className="rounded-md bg-slate-50 p-3 text-sm">Este rol tiene todos los permisos (*).</p>
          ) : (
            <div className="grid gap-3 md:grid-cols-2">
              {catalogue.resources.map((resource) => {
                const wildcard = granted.has(resource.wildcard);
                return (
                  <fieldset key={resource.resource} className="rounded-md border border-slate-200 p-3">
                    <legend className="px-1 text-sm font-medium">
                      {RESOURCE_LABELS[resource.resource] ?? resource.description}
                    </legend>
                    <label className="flex items-center gap-2 py-0.5 text-sm font-medium">
                      <input
                        type="checkbox"
                        className="size-4"
                        checked={wildcard}
                        onChange={(e) => toggle(resource.wildcard, e.target.checked)}
                      />
                      Todo ({resource.wildcard})
                    </label>
                    {resource.permissions.map((p) => (
                      <label key={p.permission} className="flex items-start gap-2 py-0.5 text-sm">
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4"
                          checked={wildcard || granted.has(p.permission)}
                          disabled={wildcard}
                          onChange={(e) => toggle(p.permission, e.target.checked)}
                        />
                        <span>
                          {PERMISSION_LABELS[p.permission] ?? p.description}{' '}
                          <code className="text-xs text-slate-500">{p.permission}</code>
                        </span>
                      </label>
                    ))}
                  </fieldset>
                );
              })}
            </div>
          )}
        </fieldset>
        <div className="flex flex-wrap justify-end gap-2">
          {role && !role.isSystem && can('roles:delete') && (
            <Button
              variant="danger"
              loading={deleting}
              onClick={async () => {
                setDeleting(true);
                try {
                  await api(`/workspaces/${workspace.id}/roles/${role.id}`, { method: 'DELETE', tenant: false });
                  await queryClient.invalidateQueries({ queryKey: ['roles', workspace.id] });
                  notify('Rol eliminado');
                  onClose();
                } catch (e) {
                  form.setFormError(e);
                } finally {
                  setDeleting(false);
                }
              }}
            >
              Eliminar rol
            </Button>
          )}
          <Button variant="secondary" onClick={onClose}>
            {readOnly ? 'Cerrar' : 'Cancelar'}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={form.submitting}>
              Guardar rol
            </Button>
          )}
        </div>
      </form>
    </Modal>
  );
}
