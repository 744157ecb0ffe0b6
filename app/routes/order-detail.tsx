import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Attachments } from '../components/order/attachments';
import { OrderActions } from '../components/order/order-actions';
import { OrderCustomer } from '../components/order/order-customer';
import { OrderHistory } from '../components/order/order-history';
import { OrderItems } from '../components/order/order-items';
import { Payments } from '../components/order/payments';
import { Remito } from '../components/order/remito';
import {
  BackLink,
  Badge,
  ErrorState,
  LoadingState,
  ORDER_STATUS_TONES,
  PAYMENT_STATUS_TONES,
  PageHeader,
} from '../components/ui';
import { api } from '../lib/api';
import { formatDateTime, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from '../lib/format';
import type { Order } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Pedido · Nexova' }];

export default function OrderDetailPage() {
  const { id = '' } = useParams();
  const { can, workspace } = useWorkspace();
  const timezone = workspace.settings.timezone;
  const order = useQuery({ queryKey: ['orders', 'detail', id], queryFn: () => api<Order>(`/orders/${id}`) });
  if (order.isPending) return <LoadingState />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const o = order.data;
  return (
    <>
      <Remito order={o} shopName={workspace.name} timezone={timezone} />
      <div className="print:hidden">
        <BackLink to="/orders">Pedidos</BackLink>
        <PageHeader
          title={`Pedido #${o.number}`}
          description={`Creado ${formatDateTime(o.createdAt, timezone)} · ${o.source === 'AGENT' ? 'por el agente de WhatsApp' : o.source === 'DASHBOARD' ? 'desde el panel' : 'por API'}`}
          actions={<OrderActions order={o} />}
        />
        <div className="mb-4 flex flex-wrap gap-2">
          <Badge tone={ORDER_STATUS_TONES[o.status]}>{ORDER_STATUS_LABELS[o.status]}</Badge>
          <Badge tone={PAYMENT_STATUS_TONES[o.paymentStatus]}>{PAYMENT_STATUS_LABELS[o.paymentStatus]}</Badge>
        </div>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <OrderItems order={o} />
            {can('payments:read') && <Payments order={o} />}
            {can('files:read') && <Attachments order={o} />}
          </div>
          <div className="space-y-6">
            <OrderCustomer order={o} />
            <OrderHistory order={o} timezone={timezone} />
          </div>
        </div>
      </div>
    </>
  );
}
