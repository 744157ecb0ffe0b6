import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, CreditCard, ShoppingBag, TrendingUp } from 'lucide-react';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge, Card, ErrorState, LoadingState, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import { addDays, attributesLabel, dayKey, formatMoney, formatNumber, shortDay, startOfDayIso } from '../lib/format';
import { fetchAllOrders, SOLD_STATUSES } from '../lib/orders';
import type { Page, StockLevel } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

const SalesChart = lazy(() => import('../components/sales-chart'));

export const meta = () => [{ title: 'Inicio · Nexova' }];

/** Today's and the last 7 days' figures, computed from the orders and stock of the workspace. */
export default function HomePage() {
  const { workspace, can } = useWorkspace();
  return (
    <>
      <PageHeader title={`Hola, ${workspace.name}`} description="Resumen de hoy y de los últimos 7 días." />
      {can('orders:read') ? <OrderStats /> : null}
      {can('stock:read') ? <LowStock /> : null}
      {!can('orders:read') && !can('stock:read') && (
        <Card className="p-5 text-sm text-slate-600">Tu rol no tiene acceso a pedidos ni a stock.</Card>
      )}
    </>
  );
}

function OrderStats() {
  const { workspace } = useWorkspace();
  const { timezone, currency } = workspace.settings;
  const today = dayKey(new Date(), timezone);
  const firstDay = addDays(today, -6);
  const orders = useQuery({
    queryKey: ['orders', 'since', firstDay],
    queryFn: () => fetchAllOrders({ from: startOfDayIso(firstDay, timezone) }),
  });
  if (orders.isPending) return <LoadingState label="Calculando ventas…" />;
  if (orders.isError) return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;

  const days = Array.from({ length: 7 }, (_, i) => addDays(firstDay, i));
  const byDay = new Map(days.map((d) => [d, { orders: 0, revenue: 0 }]));
  const payment = { UNPAID: 0, PARTIAL: 0, PAID: 0 };
  let weekOrders = 0;
  let weekRevenue = 0;
  for (const order of orders.data.orders) {
    if (order.status === 'DRAFT' || order.status === 'CANCELLED') continue;
    const bucket = byDay.get(dayKey(new Date(order.createdAt), timezone));
    if (!bucket) continue;
    bucket.orders += 1;
    weekOrders += 1;
    if (SOLD_STATUSES.has(order.status) && order.currency === currency) {
      bucket.revenue += order.total;
      weekRevenue += order.total;
      payment[order.paymentStatus] += 1;
    }
  }
  const todayStats = byDay.get(today)!;
  const chart = days.map((d) => ({ day: shortDay(d), revenue: byDay.get(d)!.revenue / 100 }));

  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat
          icon={<ShoppingBag />}
          label="Pedidos de hoy"
          value={formatNumber(todayStats.orders)}
          hint={`${formatNumber(weekOrders)} en 7 días`}
        />
        <Stat
          icon={<TrendingUp />}
          label="Ventas de hoy"
          value={formatMoney(todayStats.revenue, currency)}
          hint={`${formatMoney(weekRevenue, currency)} en 7 días`}
        />
        <Stat
          icon={<ShoppingBag />}
          label="Pedidos en 7 días"
          value={formatNumber(weekOrders)}
          hint="Sin borradores ni cancelados"
        />
        <Stat
          icon={<TrendingUp />}
          label="Ventas en 7 días"
          value={formatMoney(weekRevenue, currency)}
          hint="Pedidos confirmados, enviados y entregados"
        />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <Card className="p-5 lg:col-span-2">
          <h2 className="mb-4 font-semibold">Ventas por día</h2>
          <div className="h-56" role="img" aria-label="Gráfico de ventas de los últimos 7 días">
            <Suspense fallback={<LoadingState />}>
              <SalesChart data={chart} currency={currency} />
            </Suspense>
          </div>
        </Card>
        <Card className="p-5">
          <h2 className="mb-4 flex items-center gap-2 font-semibold">
            <CreditCard className="size-4 text-slate-500" aria-hidden />
            Estado de cobro (7 días)
          </h2>
          <ul className="space-y-3 text-sm">
            <PaymentRow label="Pagados" tone="green" count={payment.PAID} />
            <PaymentRow label="Pago parcial" tone="amber" count={payment.PARTIAL} />
            <PaymentRow label="Sin pagar" tone="red" count={payment.UNPAID} />
          </ul>
          <Link to="/orders?status=CONFIRMED" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
            Ver pedidos confirmados
          </Link>
        </Card>
      </div>
      {!orders.data.complete && (
        <p className="text-xs text-slate-500">Mostrando los primeros 2000 pedidos del período.</p>
      )}
    </div>
  );
}

function PaymentRow({ label, tone, count }: { label: string; tone: 'green' | 'amber' | 'red'; count: number }) {
  return (
    <li className="flex items-center justify-between">
      <Badge tone={tone}>{label}</Badge>
      <span className="font-semibold tabular-nums">{formatNumber(count)}</span>
    </li>
  );
}

function Stat({ icon, label, value, hint }: { icon: ReactNode; label: string; value: string; hint: string }) {
  return (
    <Card className="p-5">
      <div className="flex items-center gap-2 text-sm text-slate-600">
        <span className="text-brand-600 [&>svg]:size-4" aria-hidden>
          {icon}
        </span>
        {label}
      </div>
      <p className="mt-2 truncate text-2xl font-semibold tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
    </Card>
  );
}

function LowStock() {
  const low = useQuery({
    queryKey: ['stock', { low: true }],
    queryFn: () => api<Page<StockLevel>>('/stock', { query: { low: true, limit: 100 } }),
  });
  return (
    <Card className="mt-6 p-5">
      <h2 className="mb-3 flex items-center gap-2 font-semibold">
        <AlertTriangle className="size-4 text-amber-500" aria-hidden />
        Stock bajo
        {low.data && <Badge tone={low.data.items.length ? 'amber' : 'green'}>{low.data.items.length}</Badge>}
      </h2>
      {low.isPending ? (
        <LoadingState />
      ) : low.isError ? (
        <ErrorState error={low.error} onRetry={() => void low.refetch()} />
      ) : low.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">Ninguna variante está por debajo de su alerta de stock.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {low.data.items.slice(0, 6).map((level) => (
            <li key={level.variantId} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <span className="block truncate font-medium">{level.productName}</span>
                <span className="block truncate text-xs text-slate-500">
                  {level.sku} · {attributesLabel(level.attributes)}
                </span>
              </span>
              <Badge tone={level.available <= 0 ? 'red' : 'amber'}>
                {level.available <= 0 ? 'Sin stock' : `${formatNumber(level.available)} disp.`}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <Link to="/stock?low=true" className="mt-3 inline-block text-sm text-brand-600 hover:underline">
        Ver todo el stock
      </Link>
    </Card>
  );
}
