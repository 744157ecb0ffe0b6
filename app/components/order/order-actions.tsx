import { Printer } from 'lucide-react';
import { useState } from 'react';
import { Modal } from '../modal';
import { notify } from '../toast';
import { Button, Field, FormError, Input, errorMessage } from '../ui';
import { api } from '../../lib/api';
import { orderActions } from '../../lib/orders';
import type { Order } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { useRefreshOrder } from './use-refresh-order';
import { RegisterPayment } from './register-payment';

/** The header buttons: the status changes this person may make, and cancel with a reason. */
export function OrderActions({ order }: { order: Order }) {
  const { can } = useWorkspace();
  const refresh = useRefreshOrder(order);
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const actions = orderActions(order).filter((a) => can(a.permission));
  const [shipOpen, setShipOpen] = useState(false);
  const [tracking, setTracking] = useState('');

  const run = async (verb: string, body?: unknown) => {
    setBusy(verb);
    setError(null);
    try {
      await api(`/orders/${order.id}/${verb}`, { method: 'POST', body });
      await refresh();
      notify('Pedido actualizado');
      setCancelOpen(false);
      setShipOpen(false);
    } catch (e) {
      setError(e);
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {can('payments:create') &&
        order.status !== 'DRAFT' &&
        order.status !== 'CANCELLED' &&
        order.paymentStatus !== 'PAID' && <RegisterPayment order={order} />}
      <Button variant="secondary" onClick={() => window.print()}>
        <Printer className="size-4" aria-hidden />
        Imprimir remito
      </Button>
      {actions.map((action) =>
        action.verb === 'ship' ? (
          <Button key={action.verb} onClick={() => setShipOpen(true)}>
            {action.label}
          </Button>
        ) : action.verb === 'cancel' ? (
          <Button key={action.verb} variant="danger" onClick={() => setCancelOpen(true)}>
            {action.label}
          </Button>
        ) : (
          <Button
            key={action.verb}
            variant={action.verb === 'confirm' || action.verb === 'deliver' ? 'primary' : 'secondary'}
            loading={busy === action.verb}
            onClick={() => void run(action.verb)}
          >
            {action.label}
          </Button>
        ),
      )}
      <Modal
        open={shipOpen}
        onOpenChange={setShipOpen}
        title={`Enviar pedido #${order.number}`}
        description="Si el correo o la mensajería te dio un número de seguimiento, cargalo para tenerlo a mano."
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run('ship', tracking.trim() ? { trackingNumber: tracking.trim() } : {});
          }}
        >
          <FormError error={error} />
          <Field label="Número de seguimiento (opcional)">
            {(p) => <Input {...p} autoFocus value={tracking} onChange={(e) => setTracking(e.target.value)} />}
          </Field>
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setShipOpen(false)}>
              Volver
            </Button>
            <Button type="submit" loading={busy === 'ship'}>
              Marcar enviado
            </Button>
          </div>
        </form>
      </Modal>
      <Modal
        open={cancelOpen}
        onOpenChange={setCancelOpen}
        title={`Cancelar pedido #${order.number}`}
        description="Se libera o devuelve el stock de sus productos."
      >
        <FormError error={error} />
        <Field label="Motivo (opcional)">
          {(p) => <Input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setCancelOpen(false)}>
            Volver
          </Button>
          <Button
            variant="danger"
            loading={busy === 'cancel'}
            onClick={() => void run('cancel', reason.trim() ? { reason: reason.trim() } : {})}
          >
            Cancelar pedido
          </Button>
        </div>
      </Modal>
    </>
  );
}
