import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCw } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { notify } from '../components/toast';
import {
  Badge,
  Button,
  Card,
  cx,
  EmptyState,
  ErrorState,
  LoadingState,
  PageHeader,
  errorMessage,
} from '../components/ui';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import type { Page, UndeliveredMessage } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Operaciones · Nexova' }];

const FILTERS = [
  { id: 'FAILED', label: 'Fallidos' },
  { id: 'HELD', label: 'Retenidos (fuera de las 24 h)' },
  { id: 'ALL', label: 'Todos' },
] as const;

/** Outbound WhatsApp messages that did not reach the customer, with a retry. */
export default function OperationsPage() {
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
      notify('Mensaje reenviado a la cola');
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title="Operaciones" description="Mensajes de WhatsApp que no llegaron al cliente." />
      <div className="mb-4 flex flex-wrap gap-2" role="group" aria-label="Filtrar mensajes">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            aria-pressed={status === f.id}
            onClick={() => setStatus(f.id)}
            className={cx(
              'rounded-full border px-3 py-1 text-sm',
              status === f.id
                ? 'border-brand-600 bg-brand-50 text-brand-700'
                : 'border-slate-300 text-slate-700 hover:bg-slate-50',
            )}
          >
            {f.label}
          </button>
        ))}
      </div>
      {messages.isPending ? (
        <LoadingState />
      ) : messages.isError ? (
        <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
      ) : items.length === 0 ? (
        <Card>
          <EmptyState title="Todo entregado" description="No hay mensajes fallidos ni retenidos." />
        </Card>
      ) : (
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
      {messages.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            loading={messages.isFetchingNextPage}
            onClick={() => void messages.fetchNextPage()}
          >
            Cargar más
          </Button>
        </div>
      )}
    </>
  );
}
