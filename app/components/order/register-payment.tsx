import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Modal, ModalActions } from '../modal';
import { notify } from '../toast';
import { Button, Field, FormError, Input, Select } from '../ui';
import { api } from '../../lib/api';
import { formatMoney, moneyInput, parseMoney, PAYMENT_METHOD_LABELS } from '../../lib/format';
import { PaymentForm } from '../../lib/schemas';
import type { Order, PaymentList } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useRefreshOrder } from './use-refresh-order';

/** "Registrar pago": a modal that records a payment for what is still due. */
export function RegisterPayment({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  const refresh = useRefreshOrder(order);
  const payments = useQuery({
    queryKey: ['order-payments', order.id],
    queryFn: () => api<PaymentList>(`/orders/${order.id}/payments`),
    enabled: open,
  });
  const due = payments.data ? Math.max(0, payments.data.summary.total - payments.data.summary.paid) : order.total;
  const form = useForm(PaymentForm, {
    method: 'TRANSFER',
    amount: moneyInput(due),
    reference: '',
    status: 'CONFIRMED',
  });
  const { values, errors } = form;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          form.setValues({ ...values, amount: moneyInput(due) });
          setOpen(true);
        }}
      >
        Registrar pago
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Registrar pago"
        description={`Pedido #${order.number} · total ${formatMoney(order.total, order.currency)}`}
      >
        <form
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit(async (parsed) => {
              await api(`/orders/${order.id}/payments`, {
                body: {
                  method: parsed.method,
                  amount: parseMoney(parsed.amount),
                  status: parsed.status,
                  ...(parsed.reference ? { reference: parsed.reference } : {}),
                },
              });
              await refresh();
              notify('Pago registrado');
              setOpen(false);
            });
          }}
        >
          <FormError error={form.formError} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Medio de pago" error={errors.method}>
              {(p) => (
                <Select
                  {...p}
                  value={values.method}
                  onChange={(e) => form.set('method', e.target.value as typeof values.method)}
                >
                  {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Monto" error={errors.amount} hint={`Falta cobrar ${formatMoney(due, order.currency)}`}>
              {(p) => (
                <Input
                  {...p}
                  inputMode="decimal"
                  value={values.amount}
                  onChange={(e) => form.set('amount', e.target.value)}
                />
              )}
            </Field>
          </div>
          <Field
            label="Referencia (opcional)"
            error={errors.reference}
            hint="N.º de transferencia, cupón, id de Mercado Pago…"
          >
            {(p) => <Input {...p} value={values.reference} onChange={(e) => form.set('reference', e.target.value)} />}
          </Field>
          <Field label="Estado" error={errors.status}>
            {(p) => (
              <Select
                {...p}
                value={values.status}
                onChange={(e) => form.set('status', e.target.value as typeof values.status)}
              >
                <option value="CONFIRMED">Acreditado</option>
                <option value="PENDING">A verificar (falta revisar el comprobante)</option>
              </Select>
            )}
          </Field>
          <ModalActions onCancel={() => setOpen(false)} submitting={form.submitting}>
            Guardar pago
          </ModalActions>
        </form>
      </Modal>
    </>
  );
}
