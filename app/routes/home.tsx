import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, CreditCard, Hand, MessagesSquare, ShoppingBag, TrendingUp } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { Card, ErrorState, LoadingState, PageHeader, StatCard } from '../components/ui';
import { api } from '../lib/api';
import { formatMoney, formatNumber, shortDay } from '../lib/format';
import type { StatsSummary } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

const SalesChart = lazy(() => import('../components/sales-chart'));

export const meta = () => [{ title: 'Inicio · Nexova' }];

/** What `GET /stats/summary` answers for: a role without any of these gets 403 and sees a notice instead. */
const SUMMARY_PERMISSIONS = ['orders:read', 'conversations:read', 'stock:read', 'payments:read'];

/**
 * Today's and the last 7 days' figures, from `GET /api/v1/stats/summary` (one request; the
 * server counts days in the workspace time zone). Cached under `['stats', 'summary']`, which the
 * realtime client invalidates on order events.
 */
export default function HomePage() {
  const { workspace, can } = useWorkspace();
  const allowed = SUMMARY_PERMISSIONS.some((permission) => can(permission));
  return (
    <>
      <PageHeader title={`Hola, ${workspace.name}`} description="Resumen de hoy y de los últimos 7 días." />
      {allowed ? (
        <Summary />
      ) : (
        <Card className="p-5 text-sm text-slate-600">
          Tu rol no tiene acceso a pedidos, conversaciones, stock ni pagos.
        </Card>
      )}
    </>
  );
}

function Summary() {
  const summary = useQuery({
    queryKey: ['stats', 'summary'],
    queryFn: () => api<StatsSummary>('/stats/summary'),
  });
  if (summary.isPending) return <LoadingState label="Cargando el resumen…" />;
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const { sales, conversations, stock, payments, currency } = summary.data;
  return (
    <div className="space-y-6">
      {sales && (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <StatCard
            icon={<ShoppingBag />}
            label="Pedidos de hoy"
            value={formatNumber(sales.today.orders)}
            hint={`${formatNumber(sales.last7Days.orders)} en 7 días`}
          />
          <StatCard
            icon={<TrendingUp />}
            label="Ventas de hoy"
            value={formatMoney(sales.today.revenue, currency)}
            hint={`${formatMoney(sales.last7Days.revenue, currency)} en 7 días`}
          />
          <StatCard
            icon={<ShoppingBag />}
            label="Pedidos en 7 días"
            value={formatNumber(sales.last7Days.orders)}
            hint="Confirmados, enviados y entregados"
          />
          <StatCard
            icon={<TrendingUp />}
            label="Ventas en 7 días"
            value={formatMoney(sales.last7Days.revenue, currency)}
            hint="Por fecha de confirmación"
          />
        </div>
      )}
      {(conversations || stock || payments) && (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {conversations && (
            <>
              <StatCard
                icon={<MessagesSquare />}
                label="Conversaciones abiertas"
                value={formatNumber(conversations.open)}
                hint="Con el agente o con una persona"
                link={{ to: '/inbox', label: 'Ir a conversaciones' }}
              />
              <StatCard
                icon={<Hand />}
                label="Derivaciones pendientes"
                value={formatNumber(conversations.pendingHandoffs)}
                tone={conversations.pendingHandoffs > 0 ? 'amber' : 'brand'}
                hint="Esperan que alguien las tome"
                link={{ to: '/inbox?filter=human', label: 'Ver las que necesitan humano' }}
              />
            </>
          )}
          {stock && (
            <StatCard
              icon={<AlertTriangle />}
              label="Stock bajo"
              value={formatNumber(stock.lowStockVariants)}
              tone={stock.lowStockVariants > 0 ? 'amber' : 'brand'}
              hint="Variantes en o por debajo de su alerta"
              link={{ to: '/stock?low=true', label: 'Ver stock bajo' }}
            />
          )}
          {payments && (
            <StatCard
              icon={<CreditCard />}
              label="Pagos por verificar"
              value={formatNumber(payments.pendingVerification.count)}
              tone={payments.pendingVerification.count > 0 ? 'amber' : 'brand'}
              hint={
                payments.pendingVerification.count > 0
                  ? `${formatMoney(payments.pendingVerification.amount, currency)} a verificar`
                  : `${formatNumber(payments.verifiedLast7Days.count)} verificados en 7 días (${formatMoney(payments.verifiedLast7Days.amount, currency)})`
              }
            />
          )}
        </div>
      )}
      {sales && (
        <Card className="p-5">
          <h2 className="mb-4 font-semibold">Ventas por día</h2>
          <div className="h-56" role="img" aria-label="Gráfico de ventas de los últimos 7 días">
            <Suspense fallback={<LoadingState />}>
              <SalesChart
                data={sales.byDay.map((d) => ({ day: shortDay(d.day), revenue: d.revenue / 100 }))}
                currency={currency}
              />
            </Suspense>
          </div>
        </Card>
      )}
    </div>
  );
}
