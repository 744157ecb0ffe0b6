import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { GitMerge } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Addresses } from '../components/customer/addresses';
import { EditCustomer } from '../components/customer/edit-customer';
import { OpenChat } from '../components/customer/open-chat';
import { Modal } from '../components/modal';
import { notify } from '../components/toast';
import {
  BackLink,
  Badge,
  Button,
  Card,
  ErrorState,
  FormError,
  Input,
  LoadingState,
  ORDER_STATUS_TONES,
  PAYMENT_STATUS_TONES,
  PageHeader,
} from '../components/ui';
import { api } from '../lib/api';
import { formatDate, formatDateTime, formatMoney, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from '../lib/format';
import type { Customer, CustomerDetail, CustomerOrderSummary, Page } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useWorkspace } from '../lib/workspace';
import { formatPhone } from '../lib/phone';

export const meta = () => [{ title: 'Cliente · Nexova' }];

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { can, workspace } = useWorkspace();
  const timezone = workspace.settings.timezone;
  const customer = useQuery({
    queryKey: ['customers', 'detail', id],
    queryFn: () => api<CustomerDetail>(`/customers/${id}`),
  });
  const orders = useInfiniteQuery({
    queryKey: ['customers', 'orders', id],
    queryFn: ({ pageParam }) =>
      api<Page<CustomerOrderSummary>>(`/customers/${id}/orders`, { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: can('orders:read'),
  });
  if (customer.isPending) return <LoadingState />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  const history = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <BackLink to="/customers">Clientes</BackLink>
      <PageHeader
        title={c.name ?? 'Cliente sin nombre'}
        description={`Cliente desde ${formatDate(c.createdAt, timezone)}`}
        actions={
          <>
            {can('conversations:read') && <OpenChat phone={c.phone} />}
            {can('customers:update') && <EditCustomer customer={c} />}
            {can('customers:merge') && <MergeCustomer target={c} />}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card className="space-y-3 p-4 text-sm">
          <h2 className="font-semibold">Contacto</h2>
          <dl className="space-y-2">
            <Item label="Teléfono" value={formatPhone(c.phone) || null} />
            <Item label="E-mail" value={c.email} />
            <Item label="WhatsApp" value={c.waUserId} />
            <Item label="Notas" value={c.notes} />
          </dl>
          {c.tags.length > 0 && (
            <div className="flex flex-wrap gap-1">
              {c.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
          )}
          <Addresses customer={c} />
        </Card>
        <div className="space-y-6 lg:col-span-2">
          <div className="grid gap-4 sm:grid-cols-3">
            <Card className="p-4">
              <p className="text-sm text-slate-600">Pedidos</p>
              <p className="text-2xl font-semibold">{c.totals.orderCount}</p>
            </Card>
            <Card className="p-4">
              <p className="text-sm text-slate-600">Compró en total</p>
              <p className="text-2xl font-semibold">
                {c.totals.totalSpent.length
                  ? c.totals.totalSpent.map((t) => formatMoney(t.amount, t.currency)).join(' + ')
                  : formatMoney(0, workspace.settings.currency)}
              </p>
            </Card>
            <Card className="p-4">
              <p className="text-sm text-slate-600">Último pedido</p>
              <p className="text-lg font-semibold">{formatDate(c.totals.lastOrderAt, timezone)}</p>
            </Card>
          </div>
          {can('orders:read') && (
            <Card>
              <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Historial de pedidos</h2>
              {orders.isPending ? (
                <LoadingState />
              ) : orders.isError ? (
                <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
              ) : history.length === 0 ? (
                <p className="p-4 text-sm text-slate-600">Todavía no tiene pedidos.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {history.map((o) => (
                    <li key={o.id}>
                      <Link
                        to={`/orders/${o.id}`}
                        className="flex flex-wrap items-center gap-3 px-4 py-3 hover:bg-slate-50"
                      >
                        <span className="font-medium text-brand-700">#{o.number}</span>
                        <Badge tone={ORDER_STATUS_TONES[o.status]}>{ORDER_STATUS_LABELS[o.status]}</Badge>
                        <Badge tone={PAYMENT_STATUS_TONES[o.paymentStatus]}>
                          {PAYMENT_STATUS_LABELS[o.paymentStatus]}
                        </Badge>
                        <span className="text-slate-500">{formatDateTime(o.createdAt, timezone)}</span>
                        <span className="ml-auto font-medium tabular-nums">{formatMoney(o.total, o.currency)}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              {orders.hasNextPage && (
                <div className="flex justify-center p-3">
                  <Button
                    variant="secondary"
                    loading={orders.isFetchingNextPage}
                    onClick={() => void orders.fetchNextPage()}
                  >
                    Cargar más
                  </Button>
                </div>
              )}
            </Card>
          )}
        </div>
      </div>
    </>
  );
}

function Item({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-words">{value ?? '—'}</dd>
    </div>
  );
}

/** Merges a duplicate into this customer: its orders, addresses and conversations move here. */
function MergeCustomer({ target }: { target: CustomerDetail }) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [source, setSource] = useState<Customer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const search = useDebounced(q);
  const queryClient = useQueryClient();
  const candidates = useQuery({
    queryKey: ['customers', { q: search, merge: target.id }],
    queryFn: () => api<Page<Customer>>('/customers', { query: { q: search.trim() || undefined, limit: 10 } }),
    enabled: open,
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <GitMerge className="size-4" aria-hidden />
        Unir duplicado
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Unir un cliente duplicado"
        description={`El duplicado se une a "${target.name ?? 'este cliente'}": sus pedidos, direcciones y conversaciones pasan acá y el duplicado deja de existir.`}
      >
        <div className="space-y-3">
          <FormError error={error} />
          <Input
            type="search"
            aria-label="Buscar el duplicado"
            placeholder="Buscar por nombre, e-mail o teléfono"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          {candidates.isPending ? (
            <LoadingState />
          ) : candidates.isError ? (
            <ErrorState error={candidates.error} />
          ) : (
            <ul
              className="max-h-60 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200"
              role="listbox"
              aria-label="Clientes"
            >
              {candidates.data.items
                .filter((c) => c.id !== target.id)
                .map((c) => (
                  <li key={c.id} role="option" aria-selected={source?.id === c.id}>
                    <button
                      type="button"
                      onClick={() => setSource(c)}
                      className={`w-full px-3 py-2 text-left text-sm hover:bg-slate-50 ${source?.id === c.id ? 'bg-brand-50' : ''}`}
                    >
                      <span className="block font-medium">{c.name ?? 'Sin nombre'}</span>
                      <span className="block text-xs text-slate-500">
                        {[formatPhone(c.phone), c.email].filter(Boolean).join(' · ')}
                      </span>
                    </button>
                  </li>
                ))}
            </ul>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancelar
            </Button>
            <Button
              variant="danger"
              disabled={!source}
              loading={busy}
              onClick={async () => {
                if (!source) return;
                setBusy(true);
                setError(null);
                try {
                  const result = await api<{ moved: { orders: number; addresses: number; conversations: number } }>(
                    `/customers/${target.id}/merge`,
                    {
                      body: { sourceCustomerId: source.id },
                    },
                  );
                  await queryClient.invalidateQueries({ queryKey: ['customers'] });
                  notify(
                    `Clientes unidos: ${result.moved.orders} pedidos y ${result.moved.addresses} direcciones movidos`,
                  );
                  setOpen(false);
                  setSource(null);
                } catch (e) {
                  setError(e);
                } finally {
                  setBusy(false);
                }
              }}
            >
              Unir {source ? `"${source.name ?? 'duplicado'}"` : ''}
            </Button>
          </div>
        </div>
      </Modal>
    </>
  );
}
