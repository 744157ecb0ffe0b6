import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
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
  Input,
  LoadingState,
  PageHeader,
  errorMessage,
} from '../components/ui';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import type { Approval, Page } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Aprobaciones · Nexova' }];

const STATUS = [
  { id: 'PENDING', label: 'Pendientes' },
  { id: 'APPROVED', label: 'Aprobadas' },
  { id: 'REJECTED', label: 'Rechazadas' },
] as const;
const TONE = { PENDING: 'amber', APPROVED: 'green', REJECTED: 'red' } as const;

/** Agent actions that need an operator's decision (e.g. a stock adjustment the agent proposed). */
export default function ApprovalsPage() {
  const [status, setStatus] = useState<Approval['status']>('PENDING');
  const approvals = useInfiniteQuery({
    queryKey: ['approvals', status],
    queryFn: ({ pageParam }) => api<Page<Approval>>('/approvals', { query: { status, limit: 25, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 10_000,
  });
  const items = approvals.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Aprobaciones" description="Acciones del agente que esperan la decisión de una persona." />
      <div className="mb-4 flex flex-wrap gap-2" role="group" aria-label="Filtrar por estado">
        {STATUS.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-pressed={status === s.id}
            onClick={() => setStatus(s.id)}
            className={cx(
              'rounded-full border px-3 py-1 text-sm',
              status === s.id
                ? 'border-brand-600 bg-brand-50 text-brand-700'
                : 'border-slate-300 text-slate-700 hover:bg-slate-50',
            )}
          >
            {s.label}
          </button>
        ))}
      </div>
      {approvals.isPending ? (
        <LoadingState />
      ) : approvals.isError ? (
        <ErrorState error={approvals.error} onRetry={() => void approvals.refetch()} />
      ) : items.length === 0 ? (
        <Card>
          <EmptyState title={status === 'PENDING' ? 'Nada para aprobar' : 'Sin resultados'} />
        </Card>
      ) : (
        <ul className="space-y-3">
          {items.map((approval) => (
            <li key={approval.id}>
              <ApprovalCard approval={approval} />
            </li>
          ))}
        </ul>
      )}
      {approvals.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            loading={approvals.isFetchingNextPage}
            onClick={() => void approvals.fetchNextPage()}
          >
            Cargar más
          </Button>
        </div>
      )}
    </>
  );
}

function ApprovalCard({ approval }: { approval: Approval }) {
  const { can, workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const decide = async (verb: 'approve' | 'reject') => {
    setBusy(verb);
    try {
      await api(`/approvals/${approval.id}/${verb}`, { body: note.trim() ? { note: note.trim() } : {} });
      await queryClient.invalidateQueries({ queryKey: ['approvals'] });
      notify(verb === 'approve' ? 'Acción aprobada' : 'Acción rechazada');
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card className="space-y-3 p-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{approval.tool}</code>
        <Badge tone={TONE[approval.status]}>
          {STATUS.find((s) => s.id === approval.status)?.label.replace(/s$/, '') ?? approval.status}
        </Badge>
        <span className="ml-auto text-xs text-slate-500">
          {formatDateTime(approval.createdAt, workspace.settings.timezone)}
        </span>
      </div>
      {approval.reason && <p className="text-slate-700">{approval.reason}</p>}
      <pre className="max-h-48 overflow-auto rounded-md bg-slate-50 p-3 text-xs">
        {JSON.stringify(approval.input, null, 2)}
      </pre>
      {approval.sessionId && (
        <Link to={`/inbox?c=${approval.sessionId}`} className="text-brand-700 hover:underline">
          Ver la conversación
        </Link>
      )}
      {approval.status === 'PENDING' && can('approvals:decide') && (
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input
            aria-label="Nota (opcional)"
            placeholder="Nota (opcional)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="flex gap-2">
            <Button loading={busy === 'approve'} onClick={() => void decide('approve')}>
              Aprobar
            </Button>
            <Button variant="danger" loading={busy === 'reject'} onClick={() => void decide('reject')}>
              Rechazar
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
