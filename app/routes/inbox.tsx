import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Bot, Check, CheckCheck, Clock, FileText, MapPin, Search, UserRound, Wrench } from 'lucide-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
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
import type { Conversation, ConversationMessage, Page } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useWorkspace } from '../lib/workspace';
import { useAuth } from '../stores/auth';

export const meta = () => [{ title: 'Conversaciones · Nexova' }];

const FILTERS = [
  { id: 'all', label: 'Todas' },
  { id: 'agent', label: 'Agente' },
  { id: 'human', label: 'Necesitan humano' },
  { id: 'mine', label: 'Asignadas a mí' },
  { id: 'unread', label: 'No leídas' },
] as const;

const STATE_LABELS: Record<string, string> = {
  IDLE: 'Sin pedido',
  COLLECTING_ORDER: 'Armando pedido',
  NEEDS_DETAILS: 'Faltan datos',
  AWAITING_CONFIRMATION: 'Esperando confirmación',
  EXECUTING: 'Procesando',
  DONE: 'Cerrada',
  HANDOFF: 'Derivada a humano',
};

export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  return (
    <>
      <PageHeader
        title="Conversaciones"
        description="Lo que el agente habla por WhatsApp; tomá una conversación cuando haga falta."
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <div className={cx('min-w-0', selected && 'hidden lg:block')}>
          <ConversationList selected={selected} onSelect={(id) => setParams({ c: id })} />
        </div>
        <div className={cx('min-w-0', !selected && 'hidden lg:block')}>
          {selected ? (
            <ConversationView id={selected} onBack={() => setParams({})} />
          ) : (
            <Card>
              <EmptyState
                title="Elegí una conversación"
                description="La lista se actualiza sola cada pocos segundos."
              />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}

function ConversationList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const userId = useAuth((s) => s.user?.id);
  const { workspace } = useWorkspace();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['id']>('all');
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const conversations = useInfiniteQuery({
    queryKey: ['conversations', { filter, search }],
    queryFn: ({ pageParam }) =>
      api<Page<Conversation>>('/conversations', {
        query: {
          q: search.trim() || undefined,
          owner: filter === 'agent' ? 'agent' : filter === 'human' ? 'human' : undefined,
          assignedUserId: filter === 'mine' ? userId : undefined,
          limit: 30,
          cursor: pageParam,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  let items = conversations.data?.pages.flatMap((p) => p.items) ?? [];
  if (filter === 'unread') items = items.filter((c) => c.unreadCount > 0);
  return (
    <Card>
      <div className="space-y-3 border-b border-slate-200 p-3">
        <div className="relative">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label="Buscar por cliente"
            placeholder="Nombre o teléfono del cliente"
            className="pl-9"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Filtrar conversaciones">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={filter === f.id}
              onClick={() => setFilter(f.id)}
              className={cx(
                'rounded-full border px-2.5 py-0.5 text-xs',
                filter === f.id
                  ? 'border-brand-600 bg-brand-50 text-brand-700'
                  : 'border-slate-300 text-slate-700 hover:bg-slate-50',
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {conversations.isPending ? (
        <LoadingState />
      ) : conversations.isError ? (
        <ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title="No hay conversaciones"
          description={
            filter === 'all' && !search
              ? 'Cuando un cliente escriba por WhatsApp, aparece acá.'
              : 'Probá con otro filtro.'
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
                className={cx('block w-full px-4 py-3 text-left hover:bg-slate-50', selected === c.id && 'bg-brand-50')}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium">{c.customer?.name ?? c.contact}</span>
                  <span className="shrink-0 text-xs text-slate-500">
                    {formatDateTime(c.lastMessageAt, workspace.settings.timezone)}
                  </span>
                </span>
                <span className="mt-0.5 block truncate text-sm text-slate-600">{c.lastMessagePreview ?? '—'}</span>
                <span className="mt-1 flex flex-wrap gap-1">
                  {c.owner === 'human' ? <Badge tone="red">Handoff</Badge> : <Badge tone="blue">Agente</Badge>}
                  <Badge>{STATE_LABELS[c.state] ?? c.state}</Badge>
                  {c.unreadCount > 0 && <Badge tone="green">{c.unreadCount} sin leer</Badge>}
                  {c.channel === 'simulator' && <Badge tone="violet">Simulador</Badge>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {conversations.hasNextPage && (
        <div className="flex justify-center p-3">
          <Button
            variant="secondary"
            loading={conversations.isFetchingNextPage}
            onClick={() => void conversations.fetchNextPage()}
          >
            Cargar más
          </Button>
        </div>
      )}
    </Card>
  );
}

function windowLeft(lastCustomerMessageAt: string | null): string {
  if (!lastCustomerMessageAt) return 'Ventana de 24 h cerrada';
  const left = Date.parse(lastCustomerMessageAt) + 24 * 3_600_000 - Date.now();
  if (left <= 0) return 'Ventana de 24 h cerrada: solo plantillas aprobadas';
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return `Ventana de 24 h: quedan ${hours} h ${minutes} min`;
}

function ConversationView({ id, onBack }: { id: string; onBack: () => void }) {
  const { can, workspace } = useWorkspace();
  const userId = useAuth((s) => s.user?.id);
  const queryClient = useQueryClient();
  const [showTools, setShowTools] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const conversation = useQuery({
    queryKey: ['conversations', 'detail', id],
    queryFn: () => api<Conversation>(`/conversations/${id}`),
  });
  const messages = useQuery({
    queryKey: ['conversations', 'messages', id, showTools],
    queryFn: () =>
      api<Page<ConversationMessage>>(`/conversations/${id}/messages`, { query: { limit: 100, internal: showTools } }),
  });
  if (conversation.isPending) return <LoadingState />;
  if (conversation.isError)
    return <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />;
  const c = conversation.data;
  const control = async (verb: 'take' | 'return' | 'handoff') => {
    setBusy(verb);
    try {
      await api(`/conversations/${id}/${verb}`, { method: 'POST', body: {} });
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      notify(
        verb === 'take'
          ? 'Tomaste la conversación'
          : verb === 'return'
            ? 'La conversación volvió al agente'
            : 'Conversación derivada',
      );
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };
  const transcript = [...(messages.data?.items ?? [])].reverse();
  return (
    <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,1fr)_16rem]">
      <Card className="flex min-h-[60vh] flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3">
          <button
            type="button"
            onClick={onBack}
            className="rounded p-1 text-slate-600 hover:bg-slate-100 lg:hidden"
            aria-label="Volver a la lista"
          >
            <ArrowLeft className="size-4" aria-hidden />
          </button>
          <h2 className="min-w-0 flex-1 truncate font-semibold">{c.customer?.name ?? c.contact}</h2>
          {c.owner === 'human' ? <Badge tone="red">Handoff</Badge> : <Badge tone="blue">Agente</Badge>}
          {can('conversations:handoff') &&
            (c.owner === 'agent' || c.assignedUserId !== userId ? (
              <Button variant="secondary" loading={busy === 'take'} onClick={() => void control('take')}>
                Tomar conversación
              </Button>
            ) : (
              <Button variant="secondary" loading={busy === 'return'} onClick={() => void control('return')}>
                Devolver al agente
              </Button>
            ))}
        </div>
        {c.handoffReason && c.owner === 'human' && (
          <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-800">
            Motivo: {c.handoffReason}
          </p>
        )}
        <div className="flex items-center justify-between gap-2 px-4 pt-3 text-xs text-slate-500">
          <span className="flex items-center gap-1">
            <Clock className="size-3.5" aria-hidden />
            {windowLeft(c.lastCustomerMessageAt)}
          </span>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              className="size-3.5"
              checked={showTools}
              onChange={(e) => setShowTools(e.target.checked)}
            />
            Acciones del agente
          </label>
        </div>
        <ol className="flex-1 space-y-2 overflow-y-auto p-4" aria-label="Mensajes">
          {messages.isPending ? (
            <LoadingState />
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : transcript.length === 0 ? (
            <EmptyState title="Sin mensajes" />
          ) : (
            transcript.map((m) => <MessageBubble key={m.id} message={m} timezone={workspace.settings.timezone} />)
          )}
        </ol>
        <p className="border-t border-slate-200 px-4 py-3 text-xs text-slate-500">
          {c.owner === 'human'
            ? 'El agente no responde mientras un humano tiene la conversación. Las respuestas del operador desde el panel todavía no están disponibles en la API.'
            : 'El agente está respondiendo. Tomá la conversación para que deje de hacerlo.'}
        </p>
      </Card>
      <Card className="space-y-3 p-4 text-sm">
        <h3 className="font-semibold">Cliente</h3>
        {c.customer ? (
          <Link to={`/customers/${c.customer.id}`} className="block font-medium text-brand-700 hover:underline">
            {c.customer.name ?? 'Sin nombre'}
          </Link>
        ) : (
          <p className="text-slate-600">Todavía sin ficha de cliente.</p>
        )}
        <p className="text-slate-600">{c.customer?.phone ?? c.contact}</p>
        <p>
          <span className="text-slate-500">Estado:</span> {STATE_LABELS[c.state] ?? c.state}
        </p>
        {c.draftOrderId && (
          <Link to={`/orders/${c.draftOrderId}`} className="block text-brand-700 hover:underline">
            Ver el pedido en curso
          </Link>
        )}
      </Card>
    </div>
  );
}

const TICKS: Record<string, React.ReactNode> = {
  SENT: <Check className="size-3.5" aria-label="Enviado" />,
  DELIVERED: <CheckCheck className="size-3.5" aria-label="Entregado" />,
  READ: <CheckCheck className="size-3.5 text-sky-500" aria-label="Leído" />,
  QUEUED: <Clock className="size-3.5" aria-label="En cola" />,
  HELD: <Clock className="size-3.5" aria-label="Retenido" />,
};

function MessageBubble({ message: m, timezone }: { message: ConversationMessage; timezone: string }) {
  if (m.type === 'tool_call' || m.type === 'tool_result' || m.role === 'tool') {
    return (
      <li className="flex items-start gap-2 rounded-md bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
        <Wrench className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        <span className="min-w-0 break-words">{toolSummary(m)}</span>
      </li>
    );
  }
  if (m.type === 'event' || m.role === 'system') {
    return <li className="text-center text-xs text-slate-500">{m.content ?? 'Evento'}</li>;
  }
  const inbound = m.direction === 'inbound';
  return (
    <li className={cx('flex', inbound ? 'justify-start' : 'justify-end')}>
      <div
        className={cx(
          'max-w-[85%] rounded-lg px-3 py-2 text-sm shadow-sm',
          inbound
            ? 'bg-white ring-1 ring-slate-200'
            : m.role === 'operator'
              ? 'bg-amber-50 ring-1 ring-amber-200'
              : 'bg-emerald-50 ring-1 ring-emerald-200',
        )}
      >
        <span className="mb-0.5 flex items-center gap-1 text-[11px] font-medium text-slate-500">
          {inbound ? (
            <UserRound className="size-3" aria-hidden />
          ) : m.role === 'agent' ? (
            <Bot className="size-3" aria-hidden />
          ) : (
            <UserRound className="size-3" aria-hidden />
          )}
          {inbound ? 'Cliente' : m.role === 'agent' ? 'Agente' : 'Operador'}
        </span>
        <MessageBody message={m} />
        <span className="mt-1 flex items-center justify-end gap-1 text-[11px] text-slate-500">
          {formatDateTime(m.createdAt, timezone)}
          {!inbound &&
            (m.status === 'FAILED' ? (
              <span className="text-red-600">No enviado{m.error ? `: ${m.error}` : ''}</span>
            ) : (
              TICKS[m.status]
            ))}
        </span>
      </div>
    </li>
  );
}

function MessageBody({ message: m }: { message: ConversationMessage }) {
  const media = m.media ?? {};
  switch (m.type) {
    case 'image':
    case 'document':
      return (
        <span className="flex items-center gap-2">
          <FileText className="size-4 text-slate-500" aria-hidden />
          {m.type === 'image' ? 'Imagen' : 'Documento'}
          {typeof media.filename === 'string' ? ` · ${media.filename}` : ''}
          {m.content ? ` — ${m.content}` : ''}
        </span>
      );
    case 'location':
      return (
        <span className="flex items-center gap-2">
          <MapPin className="size-4 text-slate-500" aria-hidden />
          {m.content ?? 'Ubicación'}
        </span>
      );
    case 'button':
      return <span>Tocó el botón: {m.content}</span>;
    case 'interactive':
      return (
        <span className="space-y-1">
          <span className="block whitespace-pre-wrap">{m.content}</span>
          {interactiveButtons(m.toolCalls).map((title) => (
            <span
              key={title}
              className="mr-1 inline-block rounded border border-emerald-300 bg-white px-2 py-0.5 text-xs"
            >
              {title}
            </span>
          ))}
        </span>
      );
    default:
      return <span className="whitespace-pre-wrap">{m.content ?? `[${m.type}]`}</span>;
  }
}

function interactiveButtons(payload: unknown): string[] {
  if (!payload || typeof payload !== 'object') return [];
  const buttons = (payload as { buttons?: Array<{ title?: string }> }).buttons;
  return Array.isArray(buttons) ? buttons.map((b) => b.title ?? '').filter(Boolean) : [];
}

function toolSummary(m: ConversationMessage): string {
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls : m.toolCalls ? [m.toolCalls] : [];
  const names = calls
    .map((call) =>
      call && typeof call === 'object' && 'name' in call ? String((call as { name: unknown }).name) : null,
    )
    .filter(Boolean);
  const label = m.type === 'tool_result' ? 'Resultado' : 'El agente usó';
  return `${label}${names.length ? ` ${names.join(', ')}` : ''}${m.content ? `: ${m.content.slice(0, 200)}` : ''}`;
}
