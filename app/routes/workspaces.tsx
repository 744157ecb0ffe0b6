import { useQueryClient } from '@tanstack/react-query';
import { Building2, ChevronRight } from 'lucide-react';
import { useNavigate } from 'react-router';
import { RequireAuth } from '../components/require-auth';
import { Button, Card, ErrorState, Field, FormError, Input, LoadingState, Select } from '../components/ui';
import { api, logout } from '../lib/api';
import { CURRENCIES, TIMEZONES } from '../lib/constants';
import { WorkspaceForm } from '../lib/schemas';
import type { Workspace } from '../lib/types';
import { useForm } from '../lib/use-form';
import { useWorkspaces } from '../lib/workspace';
import { useAuth } from '../stores/auth';
import { useWorkspaceStore } from '../stores/workspace';

export const meta = () => [{ title: 'Tus tiendas · Nexova' }];

/** Picks the workspace to work in, or creates the first one. */
export default function WorkspacesPage() {
  return (
    <RequireAuth>
      <WorkspacePicker />
    </RequireAuth>
  );
}

function WorkspacePicker() {
  const workspaces = useWorkspaces();
  const select = useWorkspaceStore((s) => s.select);
  const navigate = useNavigate();
  const user = useAuth((s) => s.user);
  const choose = (workspace: Workspace) => {
    select(workspace.id);
    void navigate('/');
  };
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-6 px-4 py-10">
      <div className="flex items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Tus tiendas</h1>
          {user && <p className="text-sm text-slate-600">Hola, {user.firstName}. Elegí dónde trabajar.</p>}
        </div>
        <Button variant="ghost" onClick={() => void logout()}>
          Salir
        </Button>
      </div>
      <Card>
        {workspaces.isPending ? (
          <LoadingState />
        ) : workspaces.isError ? (
          <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />
        ) : workspaces.data.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">Todavía no sos parte de ninguna tienda. Creá la tuya abajo.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {workspaces.data.map((workspace) => (
              <li key={workspace.id}>
                <button
                  type="button"
                  onClick={() => choose(workspace)}
                  className="flex w-full items-center gap-3 px-5 py-4 text-left hover:bg-slate-50"
                >
                  <Building2 className="size-5 text-slate-500" aria-hidden />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{workspace.name}</span>
                    <span className="text-xs text-slate-500">
                      {workspace.role.name} · {workspace.settings.currency}
                    </span>
                  </span>
                  <ChevronRight className="size-4 text-slate-400" aria-hidden />
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <CreateWorkspace onCreated={choose} />
    </main>
  );
}

function CreateWorkspace({ onCreated }: { onCreated: (workspace: Workspace) => void }) {
  const queryClient = useQueryClient();
  const form = useForm(WorkspaceForm, { name: '', currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires' });
  return (
    <Card className="p-5">
      <h2 className="mb-3 font-semibold">Crear una tienda</h2>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit(async (values) => {
            const workspace = await api<Workspace>('/workspaces', {
              tenant: false,
              body: {
                name: values.name,
                settings: { currency: values.currency, timezone: values.timezone, language: 'es-AR' },
              },
            });
            await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
            onCreated(workspace);
          });
        }}
      >
        <FormError error={form.formError} />
        <Field label="Nombre de la tienda" error={form.errors.name}>
          {(props) => <Input {...props} value={form.values.name} onChange={(e) => form.set('name', e.target.value)} />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Moneda" error={form.errors.currency}>
            {(props) => (
              <Select {...props} value={form.values.currency} onChange={(e) => form.set('currency', e.target.value)}>
                {CURRENCIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Zona horaria" error={form.errors.timezone}>
            {(props) => (
              <Select {...props} value={form.values.timezone} onChange={(e) => form.set('timezone', e.target.value)}>
                {TIMEZONES.map((z) => (
                  <option key={z} value={z}>
                    {z.replaceAll('_', ' ')}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Button type="submit" loading={form.submitting}>
          Crear tienda
        </Button>
      </form>
    </Card>
  );
}
