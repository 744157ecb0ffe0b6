import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Modal } from '../modal';
import { notify } from '../toast';
import { Button, Field, FormError, Input, Textarea } from '../ui';
import { api } from '../../lib/api';
import { PERMISSION_LABELS, RESOURCE_LABELS } from '../../lib/permission-labels';
import { RoleForm } from '../../lib/schemas';
import type { PermissionCatalogue, Role } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';

/** Role form with the permission catalogue as checkboxes; `resource:*` grants every action of a resource. */
export function RoleEditor({
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
