import { Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Modal } from '../modal';
import { notify } from '../toast';
import { Button, FormError, Input } from '../ui';
import { api } from '../../lib/api';
import { attributesLabel, formatMoney } from '../../lib/format';
import type { Order } from '../../lib/types';
import { useRefreshOrder } from './use-refresh-order';
import { VariantPicker } from './variant-picker';

/** "Editar productos" on a draft or pending order: quantities, removals and new lines, each saved at once (stock held again). */
export function EditLines({ order }: { order: Order }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useRefreshOrder(order);
  const change = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        <Pencil className="size-4" aria-hidden />
        Editar productos
      </Button>
      <Modal open={open} onOpenChange={setOpen} title={`Productos del pedido #${order.number}`} wide>
        <div className="space-y-4">
          <FormError error={error} />
          {order.items.length > 0 && (
            <ul
              className="divide-y divide-slate-100 rounded-md border border-slate-200"
              aria-label="Productos del pedido"
            >
              {order.items.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                  <span className="min-w-0 flex-1 basis-40">
                    <span className="block font-medium">{item.name}</span>
                    <span className="block text-xs text-slate-500">
                      {item.sku} · {attributesLabel(item.attributes)}
                    </span>
                  </span>
                  <Input
                    aria-label={`Cantidad de ${item.sku}`}
                    inputMode="numeric"
                    className="w-20 text-center"
                    defaultValue={String(item.quantity)}
                    disabled={busy}
                    onBlur={(e) => {
                      const quantity = Number(e.target.value.replace(/\D/g, ''));
                      if (!quantity || quantity === item.quantity) return;
                      void change(() =>
                        api(`/orders/${order.id}/items/${item.id}`, { method: 'PATCH', body: { quantity } }),
                      );
                    }}
                  />
                  <span className="w-28 text-right tabular-nums">{formatMoney(item.lineTotal, order.currency)}</span>
                  <Button
                    variant="ghost"
                    aria-label={`Quitar ${item.sku}`}
                    disabled={busy}
                    onClick={() => void change(() => api(`/orders/${order.id}/items/${item.id}`, { method: 'DELETE' }))}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <h3 className="text-sm font-semibold">Agregar un producto</h3>
          <VariantPicker
            exclude={order.items.map((i) => i.variantId)}
            onPick={(v) =>
              void change(async () => {
                await api(`/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 1 } });
                notify(`${v.name} agregado`);
              })
            }
          />
          <div className="flex justify-end">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Listo
            </Button>
          </div>
        </div>
      </Modal>
    </>
  );
}
