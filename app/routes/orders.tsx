import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, Search } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import {
  Badge,
  Button,
  Card,
  cx,
  EmptyState,
  ErrorState,
  Input,
  LoadingState,
  ORDER_STATUS_TONES,
  PAYMENT_STATUS_TONES,
  PageHeader,
} from '../components/ui';
import { api } from '../lib/api';
import {
  addDays,
  formatDateTime,
  formatMoney,
  ORDER_STATUS_LABELS,
  PAYMENT_STATUS_LABELS,
  startOfDayIso,
} from '../lib/format';
import type { OrderSummary, Page } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Pedidos · Nexova' }];

const STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'DRAFT', 'CANCELLED'] as const;
const PAGE_SIZE = 20;

export default function OrdersPage() {
  const { workspace } = useWorkspace();
  const timezone = workspace.settings.timezone;
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  /** Cursors of the pages before the current one (the API pages forward only). */
  const trail = params.get('pages')?.split('~').filter(Boolean) ?? [];
  const cursor = trail.at(-1) ?? null;
  const search = useDebounced(q);

  const set = (changes: Record<string, string>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('pages' in changes)) next.delete('pages');
        return next;
      },
      { replace: true },
    );
  const toggleStatus = (value: string) => {
    const current = new Set(status.split(',').filter(Boolean));
    if (current.has(value)) current.delete(value);
    else current.add(value);
    set({ status: [...current].join(',') });
  };

  const orders = useQuery({
    queryKey: ['orders', 'list', { status, search, from, to, cursor }],
    queryFn: () =>
      api<Page<OrderSummary>>('/orders', {
        query: {
          status,
          q: search.trim() || undefined,
          from: from ? startOfDayIso(from, timezone) : undefined,
          to: to ? new Date(Date.parse(startOfDayIso(addDays(to, 1), timezone)) - 1).toISOString() : undefined,
          limit: PAGE_SIZE,
          cursor,
        },
      }),
    placeholderData: keepPreviousData,
  });
  const selected = new Set(status.split(',').filter(Boolean));

  return (
    <>
      <PageHeader title="Pedidos" description="Los del agente de WhatsApp y los cargados a mano." />
      <Card className="mb-4 space-y-3 p-3">
        <div className="flex flex-wrap gap-2" role="group" aria-label="Filtrar por estado">
          <button
            type="button"
            aria-pressed={selected.size === 0}
            onClick={() => set({ status: '' })}
            className={cx(
              'rounded-full border px-3 py-1 text-sm',
              selected.size === 0
                ? 'border-brand-600 bg-brand-50 text-brand-700'
                : 'border-slate-300 text-slate-700 hover:bg-slate-50',
            )}
          >
            Todos
          </button>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={selected.has(s)}
              onClick={() => toggleStatus(s)}
              className={cx(
                'rounded-full border px-3 py-1 text-sm',
                selected.has(s)
                  ? 'border-brand-600 bg-brand-50 text-brand-700'
                  : 'border-slate-300 text-slate-700 hover:bg-slate-50',
              )}
            >
              {ORDER_STATUS_LABELS[s]}
            </button>
          ))}
        </div>
        <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
          <div className="relative">
            <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
            <Input
              type="search"
              aria-label="Buscar pedidos"
              placeholder="Número, nombre o teléfono del cliente"
              className="pl-9"
              value={q}
              onChange={(e) => set({ q: e.target.value })}
            />
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Desde
            <Input type="date" value={from} onChange={(e) => set({ from: e.target.value })} className="w-auto" />
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Hasta
            <Input type="date" value={to} onChange={(e) => set({ to: e.target.value })} className="w-auto" />
          </label>
        </div>
      </Card>

      {orders.isPending ? (
        <LoadingState />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Card>
          <EmptyState title="No hay pedidos con estos filtros" description="Cambiá los filtros o el rango de fechas." />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-slate-100 md:hidden" aria-label="Pedidos">
            {orders.data.items.map((order) => (
              <li key={order.id}>
                <Link to={`/orders/${order.id}`} className="block space-y-1 px-4 py-3 hover:bg-slate-50">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium">Pedido #{order.number}</span>
                    <span className="font-semibold tabular-nums">{formatMoney(order.total, order.currency)}</span>
                  </div>
                  <div className="text-sm text-slate-600">
                    {order.customer?.name ?? order.customer?.phone ?? 'Sin cliente'}
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                    <Badge tone={PAYMENT_STATUS_TONES[order.paymentStatus]}>
                      {PAYMENT_STATUS_LABELS[order.paymentStatus]}
                    </Badge>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          <table className="hidden w-full text-left text-sm md:table">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase">
              <tr>
                <th className="px-4 py-3 font-medium">Pedido</th>
                <th className="px-4 py-3 font-medium">Cliente</th>
                <th className="px-4 py-3 font-medium">Estado</th>
                <th className="px-4 py-3 font-medium">Cobro</th>
                <th className="px-4 py-3 font-medium">Fecha</th>
                <th className="px-4 py-3 text-right font-medium">Total</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.data.items.map((order) => (
                <tr key={order.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link to={`/orders/${order.id}`} className="font-medium text-brand-700 hover:underline">
                      #{order.number}
                    </Link>
                    {order.source === 'AGENT' && <span className="ml-2 text-xs text-slate-500">WhatsApp</span>}
                  </td>
                  <td className="px-4 py-3">{order.customer?.name ?? order.customer?.phone ?? '—'}</td>
                  <td className="px-4 py-3">
                    <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={PAYMENT_STATUS_TONES[order.paymentStatus]}>
                      {PAYMENT_STATUS_LABELS[order.paymentStatus]}
                    </Badge>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                    {formatDateTime(order.createdAt, timezone)}
                  </td>
                  <td className="px-4 py-3 text-right font-medium tabular-nums">
                    {formatMoney(order.total, order.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <nav className="mt-4 flex items-center justify-between" aria-label="Paginación">
        <Button
          variant="secondary"
          disabled={trail.length === 0}
          onClick={() => set({ pages: trail.slice(0, -1).join('~') })}
        >
          <ChevronLeft className="size-4" aria-hidden />
          Anterior
        </Button>
        <span className="text-sm text-slate-600">Página {trail.length + 1}</span>
        <Button
          variant="secondary"
          disabled={!orders.data?.nextCursor}
          onClick={() => set({ pages: [...trail, orders.data!.nextCursor!].join('~') })}
        >
          Siguiente
          <ChevronRight className="size-4" aria-hidden />
        </Button>
      </nav>
    </>
  );
}
