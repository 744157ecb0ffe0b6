import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Inbox, RotateCw, Send, Skull, Webhook } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { LoadMore, QueryState } from '../components/data-table';
import { notify } from '../components/toast';
import { Badge, Button, Card, FilterChip, PageHeader, PanelHeader, StatCard, errorMessage } from '../components/ui';
import { api } from '../lib/api';
import { formatDateTime, formatNumber } from '../lib/format';
import type { Page, QueueOverview, UndeliveredMessage } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Operaciones · Nexova' }];

const FILTERS = [
  { id: 'FAILED', label: 'Fallidos' },
  { id: 'HELD', label: 'Retenidos (fuera de las 24 h)' },
  { id: 'ALL', label: 'Todos' },
] as const;

/** The workspace's queue backlog, and the outbound WhatsApp messages that did not reach the customer, with a retry. */
export default function OperationsPage() {
  const { can } = useWorkspace();
  return (
    <>
      <PageHeader
        title="Operaciones"
        description="Trabajo pendiente en las colas y mensajes de WhatsApp que no llegaron al cliente."
      />
      {can('ops:read') && <Backlog />}
      <UndeliveredMessages />
    </>
  );
}

/** "12 s", "5 min", "3 h", "2 d": how long the oldest item has been waiting. */
function formatAge(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

const waiting = (seconds: number | null) => {
  const age = formatAge(seconds);
  return age ? `El más antiguo espera hace ${age}` : 'Nada esperando';
};

/** `GET /api/v1/ops/queues`: outbox, outbound messages, dead letters and webhook results. */
function Backlog() {
  const queues = useQuery({
    queryKey: ['ops', 'queues'],
    queryFn: () => api<QueueOverview>('/ops/queues'),
    refetchInterval: 15_000,
  });
  const data = queues.data;
  const deadLetters = data ? data.deadLetters.egress + data.deadLetters.events + data.deadLetters.media : 0;
  const idle =
    data &&
    data.outbox.pending +
      data.egress.queued +
      data.egress.held +
      data.egress.failed +
      deadLetters +
      data.media.retrying +
      data.webhookInbox.unprocessed +
      data.webhookInbox.invalidLast24h +
      data.webhookInbox.notHandledLast24h ===
      0;
  return (
    <section aria-label="Colas" className="mb-6">
      <QueryState
        query={queues}
        loadingLabel="Cargando las colas…"
        empty={idle && { title: 'Colas al día', description: 'No hay eventos, envíos ni webhooks pendientes.' }}
      >
        {() => (
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            <StatCard
              icon={<Inbox />}
              label="Eventos sin publicar"
              value={formatNumber(data!.outbox.pending)}
              tone={data!.outbox.pending > 0 ? 'amber' : 'brand'}
              hint={waiting(data!.outbox.oldestAgeSeconds)}
            />
            <StatCard
              icon={<Send />}
              label="Envíos en cola"
              value={formatNumber(data!.egress.queued)}
              hint={`${formatNumber(data!.egress.held)} retenidos · ${formatNumber(data!.egress.failed)} fallidos · ${waiting(data!.egress.oldestQueuedAgeSeconds)}`}
              tone={data!.egress.failed > 0 ? 'red' : data!.egress.queued + data!.egress.held > 0 ? 'amber' : 'brand'}
            />
            <StatCard
              icon={<Skull />}
              label="Cola de errores (DLQ)"
              value={formatNumber(deadLetters)}
              tone={deadLetters > 0 ? 'red' : 'brand'}
              hint={`${formatNumber(data!.deadLetters.egress)} envíos · ${formatNumber(data!.deadLetters.events)} eventos · ${formatNumber(data!.deadLetters.media)} archivos`}
            />
            <StatCard
              icon={<Webhook />}
              label="Webhooks sin procesar"
              value={formatNumber(data!.webhookInbox.unprocessed)}
              tone={
                data!.webhookInbox.failing + data!.webhookInbox.notHandledLast24h > 0
                  ? 'red'
                  : data!.webhookInbox.unprocessed > 0
                    ? 'amber'
                    : 'brand'
              }
              hint={`${formatNumber(data!.webhookInbox.failing)} con error · ${formatNumber(data!.webhookInbox.notHandledLast24h)} que el agente no pudo procesar en 24 h · ${formatNumber(data!.webhookInbox.invalidLast24h)} inválidos en 24 h · ${formatNumber(data!.media.retrying)} archivos reintentando · ${formatNumber(data!.media.notStoredLast24h)} sin guardar en 24 h · ${waiting(data!.webhookInbox.oldestUnprocessedAgeSeconds)}`}
            />
          </div>
        )}
      </QueryState>
    </section>
  );
}

function UndeliveredMessages() {
  const { can, workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<(typeof FILTERS)[number]['id']>('FAILED');
  const [busy, setBusy] = useState<string | null>(null);
  const messages = useInfiniteQuery({
    queryKey: ['undelivered', status],
    queryFn: ({ pageParam }) =>
      api<Page<UndeliveredMessage>>('/messages/failed', { query: { status, limit: 50, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];
  const retry = async (id: string) => {
    setBusy(id);
    try {
      await api(`/messages/${id}/retry`, { method: 'POST' });
      await queryClient.invalidateQueries({ queryKey: ['undelivered'] });
      await queryClient.invalidateQueries({ queryKey: ['ops', 'queues'] });
      notify('Mensaje reenviado a la cola');
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-label="Mensajes no entregados">
      <Card className="mb-4">
        <PanelHeader title="Mensajes no entregados" />
        <div className="flex flex-wrap gap-2 p-3" role="group" aria-label="Filtrar mensajes">
          {FILTERS.map((f) => (
            <FilterChip key={f.id} pressed={status === f.id} onClick={() => setStatus(f.id)}>
              {f.label}
            </FilterChip>
          ))}
        </div>
      </Card>
      <QueryState
        query={messages}
        empty={items.length === 0 && { title: 'Todo entregado', description: 'No hay mensajes fallidos ni retenidos.' }}
      >
        {() => (
          <Card>
            <ul className="divide-y divide-slate-100">
              {items.map((m) => (
                <li key={m.id} className="flex flex-wrap items-start gap-3 px-4 py-3 text-sm">
                  <span className="min-w-0 flex-1 basis-64">
                    <span className="flex flex-wrap items-center gap-2">
                      <Badge tone={m.status === 'FAILED' ? 'red' : 'amber'}>
                        {m.status === 'FAILED' ? 'Fallido' : m.status === 'HELD' ? 'Retenido' : 'En cola'}
                      </Badge>
                      <Link to={`/inbox?c=${m.sessionId}`} className="font-medium text-brand-700 hover:underline">
                        {m.contact}
                      </Link>
                      <span className="text-xs text-slate-500">
                        {formatDateTime(m.updatedAt, workspace.settings.timezone)}
                      </span>
                    </span>
                    <span className="mt-1 block truncate text-slate-700">{m.content ?? `[${m.type}]`}</span>
                    {m.error && <span className="mt-0.5 block text-xs text-red-600">{m.error}</span>}
                  </span>
                  {can('conversations:reply') && (
                    <Button variant="secondary" loading={busy === m.id} onClick={() => void retry(m.id)}>
                      <RotateCw className="size-4" aria-hidden />
                      Reintentar
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        )}
      </QueryState>
      <LoadMore query={messages} />
    </section>
  );
}
