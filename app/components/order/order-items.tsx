import { Card } from '../ui';
import { attributesLabel, formatMoney } from '../../lib/format';
import type { Order } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { EditLines } from './edit-lines';

/** The products card: lines, subtotal, shipping, discount and total. */
export function OrderItems({ order: o }: { order: Order }) {
  const { can } = useWorkspace();
  return (
    <Card className="overflow-x-auto">
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
        <h2 className="py-1 font-semibold">Productos</h2>
        {(o.status === 'DRAFT' || o.status === 'PENDING') && can('orders:update') && (
          <span className="print:hidden">
            <EditLines order={o} />
          </span>
        )}
      </div>
      {o.items.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">El pedido no tiene productos.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs text-slate-600 uppercase">
            <tr>
              <th className="px-4 py-2 font-medium">Producto</th>
              <th className="px-4 py-2 text-right font-medium">Cant.</th>
              <th className="hidden px-4 py-2 text-right font-medium sm:table-cell">Precio</th>
              <th className="px-4 py-2 text-right font-medium">Subtotal</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {o.items.map((item) => (
              <tr key={item.id}>
                <td className="px-4 py-2">
                  <span className="block font-medium">{item.name}</span>
                  <span className="block text-xs text-slate-500">
                    {item.sku} · {attributesLabel(item.attributes)}
                  </span>
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{item.quantity}</td>
                <td className="hidden px-4 py-2 text-right tabular-nums sm:table-cell">
                  {formatMoney(item.unitPrice, o.currency)}
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{formatMoney(item.lineTotal, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="space-y-1 border-t border-slate-200 px-4 py-3 text-sm">
        <Row label="Subtotal" value={formatMoney(o.subtotal, o.currency)} />
        {o.shipping > 0 && <Row label="Envío" value={formatMoney(o.shipping, o.currency)} />}
        {o.discount > 0 && <Row label="Descuento" value={`− ${formatMoney(o.discount, o.currency)}`} />}
        <Row label="Total" value={formatMoney(o.total, o.currency)} strong />
      </dl>
    </Card>
  );
}

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`flex justify-between ${strong ? 'text-base font-semibold' : 'text-slate-600'}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}
