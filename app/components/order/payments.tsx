import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { notify } from '../toast';
import { Badge, Button, Card, ErrorState, FormError, LoadingState, PAYMENT_STATUS_TONES } from '../ui';
import { api } from '../../lib/api';
import { formatDateTime, formatMoney, PAYMENT_METHOD_LABELS, PAYMENT_STATUS_LABELS } from '../../lib/format';
import type { Order, PaymentList } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { useRefreshOrder } from './use-refresh-order';
import { UploadButton } from './attachments';

/** The payments card: what was paid, what waits for review, and the review buttons. */
export function Payments({ order }: { order: Order }) {
  const { can, workspace } = useWorkspace();
  const refresh = useRefreshOrder(order);
  const payments = useQuery({
    queryKey: ['order-payments', order.id],
    queryFn: () => api<PaymentList>(`/orders/${order.id}/payments`),
  });
  const [error, setError] = useState<unknown>(null);
  const review = async (paymentId: string, status: 'CONFIRMED' | 'REJECTED') => {
    setError(null);
    try {
      await api(`/payments/${paymentId}`, { method: 'PATCH', body: { status } });
      await refresh();
      notify(status === 'CONFIRMED' ? 'Pago confirmado' : 'Pago rechazado');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card>
      <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Pagos</h2>
      {payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : (
        <div className="space-y-3 p-4 text-sm">
          <FormError error={error} />
          <div className="flex flex-wrap gap-x-6 gap-y-1 text-slate-600">
            <span>
              Cobrado:{' '}
              <strong className="text-slate-900">{formatMoney(payments.data.summary.paid, order.currency)}</strong>
            </span>
            <span>A verificar: {formatMoney(payments.data.summary.pending, order.currency)}</span>
            <span>Total: {formatMoney(payments.data.summary.total, order.currency)}</span>
            {payments.data.summary.total > payments.data.summary.paid && order.status !== 'CANCELLED' && (
              <span>
                Falta cobrar:{' '}
                <strong className="text-red-700">
                  {formatMoney(payments.data.summary.total - payments.data.summary.paid, order.currency)}
                </strong>
              </span>
            )}
          </div>
          {payments.data.items.length === 0 ? (
            <p className="text-slate-600">Todavía no hay pagos registrados.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {payments.data.items.map((payment) => (
                <li key={payment.id} className="flex flex-wrap items-center gap-3 py-2">
                  <span className="min-w-0 basis-full sm:flex-1 sm:basis-auto">
                    <span className="block font-medium">
                      {PAYMENT_METHOD_LABELS[payment.method]} · {formatMoney(payment.amount, payment.currency)}
                    </span>
                    <span className="block text-xs text-slate-500">
                      {formatDateTime(payment.paidAt ?? payment.createdAt, workspace.settings.timezone)}
                      {payment.reference ? ` · Ref. ${payment.reference}` : ''}
                    </span>
                  </span>
                  <Badge tone={PAYMENT_STATUS_TONES[payment.status]}>{PAYMENT_STATUS_LABELS[payment.status]}</Badge>
                  {payment.status === 'PENDING' && can('payments:verify') && (
                    <span className="flex gap-2">
                      <Button variant="secondary" onClick={() => void review(payment.id, 'CONFIRMED')}>
                        Confirmar
                      </Button>
                      <Button variant="ghost" onClick={() => void review(payment.id, 'REJECTED')}>
                        Rechazar
                      </Button>
                    </span>
                  )}
                  {can('files:upload') && (
                    <UploadButton
                      path={`/payments/${payment.id}/attachments`}
                      label="Subir comprobante"
                      order={order}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Card>
  );
}
