import { attributesLabel, formatDate, formatMoney } from '../../lib/format';
import { formatPhone } from '../../lib/phone';
import type { Order } from '../../lib/types';
import { addressLine } from '../customer/address-fields';

/**
 * The packing slip ("remito") of an order, shown only when printing (`print:block`): the shop,
 * the customer and where it goes, the lines with quantities, and a line to sign on delivery.
 */
export function Remito({ order: o, shopName, timezone }: { order: Order; shopName: string; timezone: string }) {
  const address = o.delivery?.address;
  return (
    <article className="hidden text-sm text-black print:block" aria-label="Remito">
      <header className="mb-6 flex items-start justify-between border-b border-black pb-3">
        <div>
          <p className="text-xl font-bold">{shopName}</p>
          <p>Remito · Pedido #{o.number}</p>
        </div>
        <p>{formatDate(o.confirmedAt ?? o.createdAt, timezone)}</p>
      </header>
      <section className="mb-6 grid grid-cols-2 gap-4">
        <div>
          <p className="font-semibold">Cliente</p>
          <p>{o.customer?.name ?? 'Sin nombre'}</p>
          {o.customer?.phone && <p>{formatPhone(o.customer.phone)}</p>}
        </div>
        <div>
          <p className="font-semibold">{o.delivery?.method === 'DELIVERY' ? 'Envío a' : 'Entrega'}</p>
          {address ? <p>{addressLine(address)}</p> : <p>Retira en el local</p>}
          {o.delivery?.schedule && <p>Horario: {o.delivery.schedule}</p>}
          {o.delivery?.trackingNumber && <p>Seguimiento: {o.delivery.trackingNumber}</p>}
        </div>
      </section>
      <table className="mb-6 w-full border-collapse text-left">
        <thead>
          <tr className="border-b border-black">
            <th className="py-1">Producto</th>
            <th className="py-1">SKU</th>
            <th className="py-1 text-right">Cant.</th>
            <th className="py-1 text-right">Importe</th>
          </tr>
        </thead>
        <tbody>
          {o.items.map((item) => (
            <tr key={item.id} className="border-b border-slate-300">
              <td className="py-1">
                {item.name} {Object.keys(item.attributes).length ? `(${attributesLabel(item.attributes)})` : ''}
              </td>
              <td className="py-1">{item.sku}</td>
              <td className="py-1 text-right">{item.quantity}</td>
              <td className="py-1 text-right">{formatMoney(item.lineTotal, o.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-right text-base font-bold">Total {formatMoney(o.total, o.currency)}</p>
      {o.notes && <p className="mt-4">Notas: {o.notes}</p>}
      <p className="mt-16 w-64 border-t border-black pt-1">Recibí conforme (firma y aclaración)</p>
    </article>
  );
}
