import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { LoadMore, QueryState } from '../components/data-table';
import { notify } from '../components/toast';
import { Badge, Button, Card, FilterChip, Input, PageHeader, errorMessage } from '../components/ui';
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
          <FilterChip key={s.id} pressed={status === s.id} onClick={() => setStatus(s.id)}>
            {s.label}
          </FilterChip>
        ))}
      </div>
      <QueryState
        query={approvals}
        empty={items.length === 0 && { title: status === 'PENDING' ? 'Nada para aprobar' : 'Sin resultados' }}
      >
        {() => (
          <ul className="space-y-3">
            {items.map((approval) => (
              <li key={approval.id}>
                <ApprovalCard approval={approval} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <LoadMore query={approvals} />
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
