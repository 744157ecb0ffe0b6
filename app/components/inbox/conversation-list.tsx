import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import type { Conversation, Page } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';
import { useWorkspace } from '../../lib/workspace';
import { LoadMore, QueryState, SearchField, useUrlFilters } from '../data-table';
import { Badge, Card, cx, EmptyState, FilterChip } from '../ui';
import { customerLabel, STATE_LABELS } from './labels';

export const FILTERS = [
  { id: 'all', label: 'Todas' },
  { id: 'agent', label: 'Agente' },
  { id: 'human', label: 'Necesita persona' },
  { id: 'mine', label: 'Asignadas a mí' },
  { id: 'unread', label: 'No leídas' },
] as const;
export type Filter = (typeof FILTERS)[number]['id'];

const FILTER_QUERY: Record<Filter, Record<string, string>> = {
  all: {},
  agent: { owner: 'agent' },
  human: { owner: 'human' },
  mine: { assigned: 'me' },
  unread: { unread: 'true' },
};

/** The filter named by `?filter=` (the home page links to `/inbox?filter=human`); anything else is "Todas". */
function filterFromUrl(value: string | null): Filter {
  return FILTERS.find((f) => f.id === value)?.id ?? 'all';
}

export function ConversationList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const { workspace } = useWorkspace();
  const [params, setParams] = useUrlFilters();
  const filter = filterFromUrl(params.get('filter'));
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const conversations = useInfiniteQuery({
    queryKey: ['conversations', { filter, search }],
    queryFn: ({ pageParam }) =>
      api<Page<Conversation>>('/conversations', {
        query: { q: search.trim() || undefined, ...FILTER_QUERY[filter], limit: 30, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = conversations.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <div className="space-y-3 border-b border-slate-200 p-3">
        <SearchField label="Buscar por cliente" placeholder="Nombre o teléfono del cliente" value={q} onChange={setQ} />
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Filtrar conversaciones">
          {FILTERS.map((f) => (
            <FilterChip
              key={f.id}
              pressed={filter === f.id}
              onClick={() => setParams({ filter: f.id === 'all' ? '' : f.id })}
            >
              {f.label}
            </FilterChip>
          ))}
        </div>
      </div>
      {/* No `empty` here: QueryState puts its empty state in a card of its own, and this list already is one. */}
      <QueryState query={conversations}>
        {() =>
          items.length === 0 ? (
            <EmptyState
              title="No hay conversaciones"
              description={
                filter === 'all' && !search
                  ? 'Cuando un cliente escriba por WhatsApp, aparece acá.'
                  : 'Probá con otro filtro o búsqueda.'
              }
            />
          ) : (
            <ul className="max-h-[70vh] divide-y divide-slate-100 overflow-y-auto" aria-label="Conversaciones">
              {items.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    onClick={() => onSelect(c.id)}
                    aria-current={selected === c.id || undefined}
                    className={cx(
                      'block w-full px-4 py-3 text-left hover:bg-slate-50',
                      selected === c.id && 'bg-brand-50',
                    )}
                  >
                    <span className="flex items-center justify-between gap-2">
                      <span className={cx('truncate', c.unreadCount > 0 ? 'font-semibold' : 'font-medium')}>
                        {customerLabel(c)}
                      </span>
                      <span className="flex shrink-0 items-center gap-1.5 text-xs text-slate-500">
                        {formatDateTime(c.lastMessageAt, workspace.settings.timezone)}
                        {c.unreadCount > 0 && (
                          <span
                            className="inline-flex min-w-5 items-center justify-center rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white"
                            data-testid="unread-badge"
                          >
                            <span aria-hidden>{c.unreadCount}</span>
                            <span className="sr-only">{c.unreadCount} sin leer</span>
                          </span>
                        )}
                      </span>
                    </span>
                    <span className="mt-0.5 block truncate text-sm text-slate-600">{c.lastMessagePreview ?? '—'}</span>
                    <span className="mt-1 flex flex-wrap gap-1">
                      {c.owner === 'human' ? <Badge tone="red">Handoff</Badge> : <Badge tone="blue">Agente</Badge>}
                      <Badge>{STATE_LABELS[c.state] ?? c.state}</Badge>
                      {c.channel === 'simulator' && <Badge tone="violet">Simulador</Badge>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <LoadMore query={conversations} className="p-3" />
    </Card>
  );
}
