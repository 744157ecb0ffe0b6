import { useQueryClient } from '@tanstack/react-query';
import { Minus, Plus, Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { AddressFields, addressLine, EMPTY_ADDRESS } from '../components/customer/address-fields';
import { CustomerPicker, type CustomerChoice } from '../components/order/customer-picker';
import { VariantPicker, type PickedVariant } from '../components/order/variant-picker';
import { notify } from '../components/toast';
import { BackLink, Button, Card, Field, FormError, Input, PageHeader, Select, Textarea } from '../components/ui';
import { api } from '../lib/api';
import { describeError, fieldErrorsOf } from '../lib/errors';
import { attributesLabel, formatMoney, parseMoney, PAYMENT_METHOD_LABELS } from '../lib/format';
import { AddressForm, type AddressFormValues } from '../lib/schemas';
import type { Customer, CustomerAddress, Order } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Nuevo pedido · Nexova' }];

interface Line extends PickedVariant {
  quantity: number;
}

const FIELDS = [
  'customer',
  'customer.name',
  'customer.phone',
  'items',
  'street',
  'number',
  'city',
  'shipping',
  'discount',
  'notes',
];
const orNull = (v: string) => (v.trim() ? v.trim() : undefined);

/**
 * A sale taken by phone or at the counter, Shopify-style: the customer (found or new), variants
 * with their live stock, pickup or shipping with an address, notes, discount and whether it is
 * paid. "Crear pedido" confirms it (stock sold) and records the payment; "Guardar borrador"
 * keeps it as a draft whose items hold their stock for a while.
 */
export default function NewOrderPage() {
  const { workspace, can } = useWorkspace();
  const currency = workspace.settings.currency;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotencyKey = useRef(crypto.randomUUID());
  const [customer, setCustomer] = useState<CustomerChoice>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [method, setMethod] = useState<'PICKUP' | 'DELIVERY'>('PICKUP');
  const [addressId, setAddressId] = useState<string>('new');
  const [address, setAddress] = useState<AddressFormValues>(EMPTY_ADDRESS);
  const [schedule, setSchedule] = useState('');
  const [shipping, setShipping] = useState('');
  const [discount, setDiscount] = useState('');
  const [notes, setNotes] = useState('');
  const [paid, setPaid] = useState(false);
  const [paymentMethod, setPaymentMethod] = useState('CASH');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'draft' | 'confirm' | null>(null);

  const savedAddresses: CustomerAddress[] = customer?.kind === 'existing' ? customer.customer.addresses : [];
  const subtotal = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const shippingMinor = method === 'DELIVERY' ? (parseMoney(shipping) ?? 0) : 0;
  const discountMinor = parseMoney(discount) ?? 0;
  const total = Math.max(0, subtotal + shippingMinor - discountMinor);

  const pickCustomer = (choice: CustomerChoice) => {
    setCustomer(choice);
    setErrors({});
    const preferred =
      choice?.kind === 'existing'
        ? (choice.customer.addresses.find((a) => a.isDefault) ?? choice.customer.addresses[0])
        : undefined;
    setAddressId(preferred?.id ?? 'new');
  };

  const setQuantity = (variantId: string, quantity: number) =>
    setLines((all) => all.map((l) => (l.variantId === variantId ? { ...l, quantity } : l)));

  /** Client-side checks, in Spanish; returns the field errors (empty when the order can be sent). */
  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!customer) found.customer = 'Elegí un cliente o cargá uno nuevo.';
    if (customer?.kind === 'new' && !customer.name.trim() && !customer.phone.trim())
      found['customer.name'] = 'Completá el nombre o el teléfono del cliente.';
    if (lines.length === 0) found.items = 'Agregá al menos un producto.';
    for (const l of lines) if (l.quantity > l.available) found.items = `Hay ${l.available} de ${l.name} (${l.sku}).`;
    if (method === 'DELIVERY' && addressId === 'new') {
      const parsed = AddressForm.safeParse(address);
      if (!parsed.success) for (const i of parsed.error.issues) found[String(i.path[0])] ??= i.message;
    }
    if (shipping.trim() && parseMoney(shipping) === null) found.shipping = 'Ingresá un monto válido';
    if (discount.trim() && parseMoney(discount) === null) found.discount = 'Ingresá un monto válido';
    if (discountMinor > subtotal + shippingMinor) found.discount = 'El descuento no puede superar el total';
    return found;
  };

  const submit = async (mode: 'draft' | 'confirm') => {
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      requestAnimationFrame(() =>
        document
          .querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]')
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      );
      return;
    }
    setBusy(mode);
    let order: Order | null = null;
    try {
      let customerId: string;
      if (customer!.kind === 'new') {
        const created = await api<Customer>('/customers', {
          body: {
            ...(customer!.name.trim() ? { name: customer!.name.trim() } : {}),
            ...(customer!.phone.trim() ? { phone: customer!.phone.trim() } : {}),
          },
        });
        customerId = created.id;
        setCustomer({ kind: 'existing', customer: await api(`/customers/${created.id}`) });
      } else customerId = customer!.customer.id;

      let delivery: Record<string, unknown> = { method };
      if (method === 'DELIVERY') {
        const chosen = savedAddresses.find((a) => a.id === addressId);
        const a = chosen
          ? {
              street: chosen.street,
              number: chosen.number ?? undefined,
              apartment: chosen.apartment ?? undefined,
              city: chosen.city,
              province: chosen.province ?? undefined,
              postalCode: chosen.postalCode ?? undefined,
              notes: chosen.notes ?? undefined,
            }
          : {
              street: address.street.trim(),
              number: orNull(address.number),
              apartment: orNull(address.apartment),
              city: address.city.trim(),
              province: orNull(address.province),
              postalCode: orNull(address.postalCode),
            };
        delivery = { method, address: a, ...(schedule.trim() ? { schedule: schedule.trim() } : {}) };
        if (!chosen) {
          // Kept on the customer for the next order.
          const saved = await api<CustomerAddress>(`/customers/${customerId}/addresses`, {
            body: { ...a, isDefault: savedAddresses.length === 0 },
          });
          setCustomer({ kind: 'existing', customer: await api(`/customers/${customerId}`) });
          setAddressId(saved.id);
        }
      }
      order = await api<Order>('/orders', {
        headers: { 'idempotency-key': idempotencyKey.current },
        body: {
          customerId,
          items: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
          delivery,
          ...(notes.trim() ? { notes: notes.trim() } : {}),
          ...(shippingMinor ? { shipping: shippingMinor } : {}),
          ...(discountMinor ? { discount: discountMinor } : {}),
        },
      });
      if (mode === 'confirm') {
        order = await api<Order>(`/orders/${order.id}/confirm`, { method: 'POST' });
        if (paid && can('payments:create')) {
          await api(`/orders/${order.id}/payments`, {
            body: { method: paymentMethod, amount: order.total, status: 'CONFIRMED' },
          });
        }
      }
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notify(mode === 'confirm' ? `Pedido #${order.number} creado` : `Borrador #${order.number} guardado`);
      await navigate(`/orders/${order.id}`);
    } catch (error) {
      if (order) {
        // The order exists: open it and say what did not happen.
        notify(describeError(error), 'error');
        await navigate(`/orders/${order.id}`);
        return;
      }
      const mapped = fieldErrorsOf(error, FIELDS, {});
      if (Object.keys(mapped).length) setErrors(mapped);
      setFormError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <BackLink to="/orders">Pedidos</BackLink>
      <PageHeader title="Nuevo pedido" description="Un pedido tomado por teléfono, en el local o por redes." />
      <form
        noValidate
        className="grid grid-cols-1 gap-6 lg:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit('confirm');
        }}
      >
        <div className="space-y-6 lg:col-span-2">
          <FormError error={formError} />
          <Card className="space-y-3 p-4">
            <h2 className="font-semibold">Productos</h2>
            {lines.length > 0 && (
              <ul
                className="divide-y divide-slate-100 rounded-md border border-slate-200"
                aria-label="Productos del pedido"
              >
                {lines.map((l) => (
                  <li key={l.variantId} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                    <span className="min-w-0 flex-1 basis-40">
                      <span className="block font-medium">{l.name}</span>
                      <span className="block text-xs text-slate-500">
                        {l.sku}
                        {Object.keys(l.attributes).length ? ` · ${attributesLabel(l.attributes)}` : ''} · {l.available}{' '}
                        disponibles
                      </span>
                    </span>
                    <span className="flex items-center gap-1">
                      <Button
                        variant="ghost"
                        aria-label={`Uno menos de ${l.sku}`}
                        disabled={l.quantity <= 1}
                        onClick={() => setQuantity(l.variantId, l.quantity - 1)}
                      >
                        <Minus className="size-4" aria-hidden />
                      </Button>
                      <Input
                        aria-label={`Cantidad de ${l.sku}`}
                        inputMode="numeric"
                        className="w-16 text-center"
                        value={String(l.quantity)}
                        onChange={(e) =>
                          setQuantity(
                            l.variantId,
                            Math.max(1, Math.min(10_000, Number(e.target.value.replace(/\D/g, '')) || 1)),
                          )
                        }
                      />
                      <Button
                        variant="ghost"
                        aria-label={`Uno más de ${l.sku}`}
                        disabled={l.quantity >= l.available}
                        onClick={() => setQuantity(l.variantId, l.quantity + 1)}
                      >
                        <Plus className="size-4" aria-hidden />
                      </Button>
                    </span>
                    <span className="w-28 text-right tabular-nums">{formatMoney(l.price * l.quantity, currency)}</span>
                    <Button
                      variant="ghost"
                      aria-label={`Quitar ${l.sku}`}
                      onClick={() => setLines((all) => all.filter((x) => x.variantId !== l.variantId))}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            {errors.items && (
              <p className="text-xs text-red-600" role="alert" data-invalid>
                {errors.items}
              </p>
            )}
            <VariantPicker
              exclude={lines.map((l) => l.variantId)}
              onPick={(v) => {
                setLines((all) => [...all, { ...v, quantity: 1 }]);
                setErrors(({ items: _, ...rest }) => rest);
              }}
            />
          </Card>

          <Card className="space-y-3 p-4">
            <h2 className="font-semibold">Entrega</h2>
            <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="Entrega">
              {(['PICKUP', 'DELIVERY'] as const).map((m) => (
                <label key={m} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="method"
                    className="size-4"
                    checked={method === m}
                    onChange={() => setMethod(m)}
                  />
                  {m === 'PICKUP' ? 'Retira en el local' : 'Envío a domicilio'}
                </label>
              ))}
            </div>
            {method === 'DELIVERY' && (
              <div className="space-y-3">
                {savedAddresses.length > 0 && (
                  <Field label="Dirección">
                    {(p) => (
                      <Select {...p} value={addressId} onChange={(e) => setAddressId(e.target.value)}>
                        {savedAddresses.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.label ? `${a.label}: ` : ''}
                            {addressLine(a)}
                          </option>
                        ))}
                        <option value="new">Otra dirección…</option>
                      </Select>
                    )}
                  </Field>
                )}
                {addressId === 'new' && (
                  <AddressFields
                    values={address}
                    errors={errors}
                    set={(key, value) => setAddress((a) => ({ ...a, [key]: value }))}
                  />
                )}
                <div className="grid gap-3 sm:grid-cols-2">
                  <Field label="Horario (opcional)" hint='Por ejemplo "martes por la tarde"'>
                    {(p) => <Input {...p} value={schedule} onChange={(e) => setSchedule(e.target.value)} />}
                  </Field>
                  <Field label="Costo de envío" error={errors.shipping} hint="En pesos; vacío si es gratis">
                    {(p) => (
                      <Input
                        {...p}
                        inputMode="decimal"
                        value={shipping}
                        onChange={(e) => setShipping(e.target.value)}
                      />
                    )}
                  </Field>
                </div>
              </div>
            )}
          </Card>

          <Card className="p-4">
            <Field label="Notas del pedido (opcional)" error={errors.notes}>
              {(p) => <Textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} />}
            </Field>
          </Card>
        </div>

        <div className="space-y-6">
          <Card className="space-y-3 p-4">
            <h2 className="font-semibold">Cliente</h2>
            <CustomerPicker value={customer} onChange={pickCustomer} errors={errors} />
          </Card>
          <Card className="space-y-3 p-4 text-sm">
            <h2 className="text-base font-semibold">Resumen</h2>
            <Field label="Descuento" error={errors.discount} hint="En pesos">
              {(p) => (
                <Input {...p} inputMode="decimal" value={discount} onChange={(e) => setDiscount(e.target.value)} />
              )}
            </Field>
            <dl className="space-y-1">
              <div className="flex justify-between text-slate-600">
                <dt>Subtotal</dt>
                <dd className="tabular-nums">{formatMoney(subtotal, currency)}</dd>
              </div>
              {shippingMinor > 0 && (
                <div className="flex justify-between text-slate-600">
                  <dt>Envío</dt>
                  <dd className="tabular-nums">{formatMoney(shippingMinor, currency)}</dd>
                </div>
              )}
              {discountMinor > 0 && (
                <div className="flex justify-between text-slate-600">
                  <dt>Descuento</dt>
                  <dd className="tabular-nums">− {formatMoney(discountMinor, currency)}</dd>
                </div>
              )}
              <div className="flex justify-between text-base font-semibold">
                <dt>Total</dt>
                <dd className="tabular-nums">{formatMoney(total, currency)}</dd>
              </div>
            </dl>
            {can('payments:create') && (
              <div className="space-y-2 border-t border-slate-100 pt-3">
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={paid}
                    onChange={(e) => setPaid(e.target.checked)}
                  />
                  Ya está pagado
                </label>
                {paid && (
                  <Field label="Medio de pago">
                    {(p) => (
                      <Select {...p} value={paymentMethod} onChange={(e) => setPaymentMethod(e.target.value)}>
                        {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
                          <option key={value} value={value}>
                            {label}
                          </option>
                        ))}
                      </Select>
                    )}
                  </Field>
                )}
              </div>
            )}
            <div className="flex flex-col gap-2 border-t border-slate-100 pt-3">
              <Button type="submit" loading={busy === 'confirm'} disabled={busy !== null}>
                Crear pedido
              </Button>
              <Button
                variant="secondary"
                loading={busy === 'draft'}
                disabled={busy !== null}
                onClick={() => void submit('draft')}
              >
                Guardar borrador
              </Button>
              <p className="text-xs text-slate-500">
                "Crear pedido" lo confirma y descuenta el stock. El borrador reserva el stock por un rato y lo confirmás
                después.
              </p>
            </div>
          </Card>
        </div>
      </form>
    </>
  );
}
