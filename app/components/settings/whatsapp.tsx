import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, Plus } from 'lucide-react';
import { useState } from 'react';
import { Modal, ModalActions } from '../modal';
import { notify } from '../toast';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Field,
  FormError,
  Input,
  LoadingState,
  PanelHeader,
  Select,
} from '../ui';
import { api } from '../../lib/api';
import { ConnectionForm } from '../../lib/schemas';
import type { Connection, ConnectionSecrets } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    notify('Copiado');
  } catch {
    notify('No se pudo copiar: seleccioná el texto y copialo a mano', 'error');
  }
}

/** WhatsApp (Infobip) connections with the webhook URL to paste into Infobip. */
export function WhatsAppSettings() {
  const { can } = useWorkspace();
  const connections = useQuery({
    queryKey: ['connections'],
    queryFn: () => api<{ data: Connection[] }>('/connections').then((r) => r.data),
  });
  if (connections.isPending) return <LoadingState />;
  if (connections.isError) return <ErrorState error={connections.error} onRetry={() => void connections.refetch()} />;
  return (
    <Card>
      <PanelHeader title="Conexiones de WhatsApp" actions={can('connections:create') && <NewConnection />} />
      {connections.data.length === 0 ? (
        <EmptyState
          title="Sin conexiones"
          description="Conectá tu número de WhatsApp de Infobip para que el agente atienda."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {connections.data.map((c) => (
            <li key={c.id} className="space-y-2 px-4 py-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{c.name}</span>
                <span className="text-slate-500">+{c.sender}</span>
                {c.sandbox ? <Badge tone="violet">Sandbox de desarrollo</Badge> : <Badge tone="green">Infobip</Badge>}
                <Badge>Webhook: {c.webhookAuth}</Badge>
                {c.apiKeyLast4 && <span className="text-xs text-slate-500">API key …{c.apiKeyLast4}</span>}
              </div>
              <div className="flex items-center gap-2">
                <code className="min-w-0 flex-1 truncate rounded bg-slate-50 px-2 py-1 text-xs" title={c.webhookUrl}>
                  {c.webhookUrl}
                </code>
                <Button
                  variant="secondary"
                  aria-label={`Copiar la URL del webhook de ${c.name}`}
                  onClick={() => void copy(c.webhookUrl)}
                >
                  <Copy className="size-4" aria-hidden />
                  Copiar
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function NewConnection() {
  const [open, setOpen] = useState(false);
  const [secrets, setSecrets] = useState<ConnectionSecrets | null>(null);
  const queryClient = useQueryClient();
  const form = useForm(ConnectionForm, { name: '', sender: '', baseUrl: '', apiKey: '', webhookAuth: 'HMAC' });
  const { values, errors } = form;
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden />
        Nueva conexión
      </Button>
      <Modal
        open={open}
        onOpenChange={(o) => (setOpen(o), o || setSecrets(null))}
        title={secrets ? 'Guardá estos datos' : 'Nueva conexión de WhatsApp'}
      >
        {secrets ? (
          <div className="space-y-3 text-sm">
            <p className="text-slate-600">El secreto del webhook se muestra solo esta vez. Cargalo en Infobip.</p>
            <dl className="space-y-2">
              <div>
                <dt className="text-xs text-slate-500">Usuario (Basic)</dt>
                <dd className="font-mono">{secrets.basicUsername}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Secreto (HMAC / contraseña Basic)</dt>
                <dd className="flex items-center gap-2 font-mono break-all">
                  {secrets.webhookSecret}
                  <Button
                    variant="ghost"
                    aria-label="Copiar el secreto"
                    onClick={() => void copy(secrets.webhookSecret)}
                  >
                    <Copy className="size-4" aria-hidden />
                  </Button>
                </dd>
              </div>
            </dl>
            <div className="flex justify-end">
              <Button onClick={() => (setOpen(false), setSecrets(null))}>Listo</Button>
            </div>
          </div>
        ) : (
          <form
            noValidate
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              void form.submit(async (parsed) => {
                const created = await api<Connection & { secrets: ConnectionSecrets }>('/connections', {
                  body: {
                    ...(parsed.name ? { name: parsed.name } : {}),
                    sender: parsed.sender,
                    baseUrl: parsed.baseUrl || null,
                    apiKey: parsed.apiKey || null,
                    webhookAuth: parsed.webhookAuth,
                  },
                });
                await queryClient.invalidateQueries({ queryKey: ['connections'] });
                setSecrets(created.secrets);
              });
            }}
          >
            <FormError error={form.formError} />
            <Field label="Nombre" error={errors.name}>
              {(p) => (
                <Input
                  {...p}
                  placeholder="WhatsApp ventas"
                  value={values.name}
                  onChange={(e) => form.set('name', e.target.value)}
                />
              )}
            </Field>
            <Field label="Número de WhatsApp" error={errors.sender}>
              {(p) => (
                <Input
                  {...p}
                  type="tel"
                  placeholder="+54 9 11 4000-0000"
                  value={values.sender}
                  onChange={(e) => form.set('sender', e.target.value)}
                />
              )}
            </Field>
            <Field
              label="URL base de Infobip"
              error={errors.baseUrl}
              hint="Vacío: sandbox de desarrollo (no se permite en producción)."
            >
              {(p) => (
                <Input
                  {...p}
                  placeholder="https://xxxx.api.infobip.com"
                  value={values.baseUrl}
                  onChange={(e) => form.set('baseUrl', e.target.value)}
                />
              )}
            </Field>
            <Field label="API key de Infobip" error={errors.apiKey}>
              {(p) => (
                <Input
                  {...p}
                  type="password"
                  autoComplete="off"
                  value={values.apiKey}
                  onChange={(e) => form.set('apiKey', e.target.value)}
                />
              )}
            </Field>
            <Field label="Autenticación del webhook" error={errors.webhookAuth}>
              {(p) => (
                <Select
                  {...p}
                  value={values.webhookAuth}
                  onChange={(e) => form.set('webhookAuth', e.target.value as typeof values.webhookAuth)}
                >
                  <option value="HMAC">HMAC (recomendado)</option>
                  <option value="BASIC">Usuario y contraseña (Basic)</option>
                  <option value="NONE">Ninguna (solo desarrollo)</option>
                </Select>
              )}
            </Field>
            <ModalActions onCancel={() => setOpen(false)} submitting={form.submitting}>
              Crear conexión
            </ModalActions>
          </form>
        )}
      </Modal>
    </>
  );
}
