import { Link } from 'react-router';
import { Card } from '../ui';
import type { Order } from '../../lib/types';
import { formatPhone } from '../../lib/phone';

/** Who the order is for and how it gets to them. */
export function OrderCustomer({ order: o }: { order: Order }) {
  return (
    <Card className="space-y-2 p-4 text-sm">
      <h2 className="font-semibold">Cliente</h2>
      {o.customer ? (
        <>
          <Link to={`/customers/${o.customer.id}`} className="block font-medium text-brand-700 hover:underline">
            {o.customer.name ?? 'Sin nombre'}
          </Link>
          <p className="text-slate-600">{formatPhone(o.customer.phone) || 'Sin teléfono'}</p>
        </>
      ) : (
        <p className="text-slate-600">Sin cliente asignado.</p>
      )}
      {o.delivery && (
        <div className="border-t border-slate-100 pt-2">
          <h3 className="font-medium">
            {o.delivery.method === 'DELIVERY' ? 'Envío a domicilio' : 'Retira en el local'}
          </h3>
          {o.delivery.address && (
            <p className="text-slate-600">
              {o.delivery.address.street} {o.delivery.address.number ?? ''}
              {o.delivery.address.apartment ? `, ${o.delivery.address.apartment}` : ''} — {o.delivery.address.city}
            </p>
          )}
          {o.delivery.schedule && <p className="text-slate-600">Horario: {o.delivery.schedule}</p>}
          {o.delivery.trackingNumber && (
            <p className="text-slate-600">
              N.º de seguimiento: <span className="font-medium text-slate-900">{o.delivery.trackingNumber}</span>
            </p>
          )}
        </div>
      )}
      {o.notes && <p className="border-t border-slate-100 pt-2 text-slate-600">{o.notes}</p>}
    </Card>
  );
}
