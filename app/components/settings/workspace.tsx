import { useQueryClient } from '@tanstack/react-query';
import { SettingsForm } from './settings-form';
import { notify } from '../toast';
import { Field, Input, Select } from '../ui';
import { api } from '../../lib/api';
import { CURRENCIES, TIMEZONES } from '../../lib/constants';
import { WorkspaceForm } from '../../lib/schemas';
import type { Workspace } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';

/** The shop's name, currency and time zone. */
export function WorkspaceSettings() {
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
