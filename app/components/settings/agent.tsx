import { useQueryClient } from '@tanstack/react-query';
import { notify } from '../toast';
import { SettingsForm } from './settings-form';
import { Field, Input, Textarea } from '../ui';
import { api } from '../../lib/api';
import { AgentForm } from '../../lib/schemas';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';

const asText = (value: string | string[] | Record<string, string> | undefined): string =>
  value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? value.join('\n')
        : Object.entries(value)
            .map(([day, hours]) => `${day}: ${hours}`)
            .join('\n');

/** The sales agent's persona, shop policies, business hours and session timeout (`settings.agent`, `settings.businessHours`). */
export function AgentSettingsPanel() {
  const { workspace, can } = useWorkspace();
  const queryClient = useQueryClient();
  const agent = workspace.settings.agent ?? {};
  const readOnly = !can('workspaces:update');
  const form = useForm(AgentForm, {
    persona: agent.persona ?? '',
    policies: asText(agent.policies),
    businessHours: asText(workspace.settings.businessHours),
    sessionTimeoutMinutes: agent.sessionTimeoutMinutes ? String(agent.sessionTimeoutMinutes) : '',
  });
  const { values, errors } = form;
  return (
    <SettingsForm
      form={form}
      readOnly={readOnly}
      className="max-w-3xl"
      onSave={async (parsed) => {
        const nextAgent = {
          ...(agent.model ? { model: agent.model } : {}),
          ...(parsed.persona ? { persona: parsed.persona } : {}),
          ...(parsed.policies ? { policies: parsed.policies } : {}),
          ...(parsed.sessionTimeoutMinutes ? { sessionTimeoutMinutes: Number(parsed.sessionTimeoutMinutes) } : {}),
        };
        await api(`/workspaces/${workspace.id}`, {
          method: 'PATCH',
          tenant: false,
          body: {
            settings: {
              agent: nextAgent,
              ...(parsed.businessHours ? { businessHours: parsed.businessHours } : {}),
            },
          },
        });
        await queryClient.invalidateQueries({ queryKey: ['workspace'] });
        notify('Configuración del agente guardada');
      }}
    >
      <Field label="Personalidad del agente" error={errors.persona} hint="Cómo se presenta y habla con tus clientes.">
        {(p) => (
          <Textarea
            {...p}
            rows={4}
            placeholder="Sos Martina, de Demo Store. Hablás de vos, con calidez y sin vueltas."
            value={values.persona}
            onChange={(e) => form.set('persona', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Políticas de la tienda"
        error={errors.policies}
        hint="Envíos, cambios, medios de pago… El agente las cita tal cual."
      >
        {(p) => (
          <Textarea {...p} rows={5} value={values.policies} onChange={(e) => form.set('policies', e.target.value)} />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Horario de atención" error={errors.businessHours} hint="Ej.: Lun a vie de 9 a 18, sáb de 10 a 14">
          {(p) => (
            <Textarea
              {...p}
              rows={3}
              value={values.businessHours}
              onChange={(e) => form.set('businessHours', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Cierre por inactividad (minutos)"
          error={errors.sessionTimeoutMinutes}
          hint="Después de ese tiempo sin mensajes se libera el pedido en curso."
        >
          {(p) => (
            <Input
              {...p}
              inputMode="numeric"
              value={values.sessionTimeoutMinutes}
              onChange={(e) => form.set('sessionTimeoutMinutes', e.target.value)}
            />
          )}
        </Field>
      </div>
    </SettingsForm>
  );
}
