import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, Plus } from 'lucide-react';
import { Link } from 'react-router';
import { DataTable, QueryState, SearchField, useUrlFilters } from '../components/data-table';
import {
  Badge,
  Button,
  Card,
  FilterChip,
  Input,
  ORDER_STATUS_TONES,
  PAYMENT_STATUS_TONES,
  LinkButton,
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
import { formatPhone } from '../lib/phone';

export const meta = () => [{ title: 'Pedidos · Nexova' }];

const STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'DRAFT', 'CANCELLED'] as const;
const PAGE_SIZE = 20;

export default function OrdersPage() {
  const { workspace, can } = useWorkspace();
  const timezone = workspace.settings.timezone;
  // Any filter change goes back to the first page.
  const [params, set] = useUrlFilters(['pages']);
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  /** Cursors of the pages before the current one (the API pages forward only). */
  const trail = params.get('pages')?.split('~').filter(Boolean) ?? [];
  const cursor = trail.at(-1) ?? null;
  const search = useDebounced(q);

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
      <PageHeader
        title="Pedidos"
        description="Los del agente de WhatsApp y los cargados a mano."
        actions={
          can('orders:create') && (
            <LinkButton to="/orders/new">
              <Plus className="size-4" aria-hidden />
              Nuevo pedido
            </LinkButton>
          )
        }
      />
      <Card className="mb-4 space-y-3 p-3">
        <div className="flex flex-wrap gap-2" role="group" aria-label="Filtrar por estado">
          <FilterChip pressed={selected.size === 0} onClick={() => set({ status: '' })}>
            Todos
          </FilterChip>
          {STATUSES.map((s) => (
            <FilterChip key={s} pressed={selected.has(s)} onClick={() => toggleStatus(s)}>
              {ORDER_STATUS_LABELS[s]}
            </FilterChip>
          ))}
        </div>
        <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
          <SearchField
            label="Buscar pedidos"
            placeholder="Número, nombre o teléfono del cliente"
            value={q}
            onChange={(value) => set({ q: value })}
          />
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

      <QueryState
        query={orders}
        empty={
          orders.data?.items.length === 0 && {
            title: 'No hay pedidos con estos filtros',
            description: 'Cambiá los filtros o el rango de fechas.',
          }
        }
      >
        {() => (
          <Card className="overflow-hidden">
            <ul className="divide-y divide-slate-100 md:hidden" aria-label="Pedidos">
              {orders.data!.items.map((order) => (
                <li key={order.id}>
                  <Link to={`/orders/${order.id}`} className="block space-y-1 px-4 py-3 hover:bg-slate-50">
                    <div className="flex items-center justify-between gap-2">
                      <span className="font-medium">Pedido #{order.number}</span>
                      <span className="font-semibold tabular-nums">{formatMoney(order.total, order.currency)}</span>
                    </div>
                    <div className="text-sm text-slate-600">
                      {order.customer?.name ?? (formatPhone(order.customer?.phone) || 'Sin cliente')}
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
            <DataTable
              className="hidden md:table"
              columns={[
                { label: 'Pedido' },
                { label: 'Cliente' },
                { label: 'Estado' },
                { label: 'Cobro' },
                { label: 'Fecha' },
                { label: 'Total', align: 'right' },
              ]}
            >
              {orders.data!.items.map((order) => (
                <tr key={order.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link to={`/orders/${order.id}`} className="font-medium text-brand-700 hover:underline">
                      #{order.number}
                    </Link>
                    {order.source === 'AGENT' && <span className="ml-2 text-xs text-slate-500">WhatsApp</span>}
                  </td>
                  <td className="px-4 py-3">{order.customer?.name ?? (formatPhone(order.customer?.phone) || '—')}</td>
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
            </DataTable>
          </Card>
        )}
      </QueryState>
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
