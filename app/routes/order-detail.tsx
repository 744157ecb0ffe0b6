import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FileText, Paperclip, Upload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Modal, ModalActions } from '../components/modal';
import { notify } from '../components/toast';
import {
  BackLink,
  Badge,
  Button,
  Card,
  ErrorState,
  Field,
  FormError,
  Input,
  LoadingState,
  ORDER_STATUS_TONES,
  PAYMENT_STATUS_TONES,
  PageHeader,
  Select,
  errorMessage,
} from '../components/ui';
import { api, fetchObjectUrl } from '../lib/api';
import {
  ACTOR_LABELS,
  attributesLabel,
  formatDateTime,
  formatMoney,
  moneyInput,
  ORDER_STATUS_LABELS,
  parseMoney,
  PAYMENT_METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
} from '../lib/format';
import { ORDER_ACTIONS } from '../lib/orders';
import { PaymentForm } from '../lib/schemas';
import type { Attachment, Order, PaymentList } from '../lib/types';
import { useForm } from '../lib/use-form';
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
          <Card className="overflow-x-auto">
            <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Productos</h2>
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
          {can('payments:read') && <Payments order={o} />}
          {can('files:read') && <Attachments order={o} />}
        </div>
        <div className="space-y-6">
          <Card className="space-y-2 p-4 text-sm">
            <h2 className="font-semibold">Cliente</h2>
            {o.customer ? (
              <>
                <Link to={`/customers/${o.customer.id}`} className="block font-medium text-brand-700 hover:underline">
                  {o.customer.name ?? 'Sin nombre'}
                </Link>
                <p className="text-slate-600">{o.customer.phone ?? 'Sin teléfono'}</p>
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
                    {o.delivery.address.apartment ? `, ${o.delivery.address.apartment}` : ''} —{' '}
                    {o.delivery.address.city}
                  </p>
                )}
                {o.delivery.schedule && <p className="text-slate-600">Horario: {o.delivery.schedule}</p>}
              </div>
            )}
            {o.notes && <p className="border-t border-slate-100 pt-2 text-slate-600">{o.notes}</p>}
          </Card>
          <Card className="p-4">
            <h2 className="mb-3 font-semibold">Historial</h2>
            <ol className="relative space-y-4 border-l border-slate-200 pl-4 text-sm">
              {o.history.map((h) => (
                <li key={h.id}>
                  <span
                    className="absolute -left-1.5 mt-1 size-3 rounded-full border-2 border-white bg-brand-500"
                    aria-hidden
                  />
                  <p className="font-medium">{ORDER_STATUS_LABELS[h.to]}</p>
                  <p className="text-xs text-slate-500">
                    {formatDateTime(h.createdAt, timezone)} · {ACTOR_LABELS[h.actor.type]}
                  </p>
                  {h.reason && <p className="text-xs text-slate-600">{h.reason}</p>}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
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

function useRefreshOrder(order: Order) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['orders'] });
    await queryClient.invalidateQueries({ queryKey: ['order-payments', order.id] });
    await queryClient.invalidateQueries({ queryKey: ['order-attachments', order.id] });
    await queryClient.invalidateQueries({ queryKey: ['stock'] });
  };
}

function OrderActions({ order }: { order: Order }) {
  const { can } = useWorkspace();
  const refresh = useRefreshOrder(order);
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const actions = (ORDER_ACTIONS[order.status] ?? []).filter((a) => can(a.permission));

  const run = async (verb: string, body?: unknown) => {
    setBusy(verb);
    setError(null);
    try {
      await api(`/orders/${order.id}/${verb}`, { method: 'POST', body });
      await refresh();
      notify('Pedido actualizado');
      setCancelOpen(false);
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
      {actions.map((action) =>
        action.verb === 'cancel' ? (
          <Button key={action.verb} variant="danger" onClick={() => setCancelOpen(true)}>
            {action.label}
          </Button>
        ) : (
          <Button
            key={action.verb}
            variant={
              action.verb === 'confirm' || action.verb === 'ship' || action.verb === 'deliver' ? 'primary' : 'secondary'
            }
            loading={busy === action.verb}
            onClick={() => void run(action.verb)}
          >
            {action.label}
          </Button>
        ),
      )}
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

function RegisterPayment({ order }: { order: Order }) {
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

function Payments({ order }: { order: Order }) {
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

function UploadButton({ path, label, order }: { path: string; label: string; order: Order }) {
  const input = useRef<HTMLInputElement>(null);
  const refresh = useRefreshOrder(order);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button variant="secondary" loading={busy} onClick={() => input.current?.click()}>
        <Upload className="size-4" aria-hidden />
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
        className="sr-only"
        aria-label={label}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          try {
            const data = new FormData();
            data.append('file', file);
            await api(path, { method: 'POST', rawBody: data });
            await refresh();
            notify('Archivo subido');
          } catch (error) {
            notify(errorMessage(error), 'error');
          } finally {
            setBusy(false);
          }
        }}
      />
    </>
  );
}

function Attachments({ order }: { order: Order }) {
  const { can } = useWorkspace();
  const files = useQuery({
    queryKey: ['order-attachments', order.id],
    queryFn: () => api<{ data: Attachment[] }>(`/orders/${order.id}/attachments`).then((r) => r.data),
  });
  return (
    <Card>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 className="flex items-center gap-2 font-semibold">
          <Paperclip className="size-4 text-slate-500" aria-hidden />
          Comprobantes y archivos
        </h2>
        {can('files:upload') && (
          <UploadButton path={`/orders/${order.id}/attachments`} label="Subir archivo" order={order} />
        )}
      </div>
      {files.isPending ? (
        <LoadingState />
      ) : files.isError ? (
        <ErrorState error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No hay archivos adjuntos.</p>
      ) : (
        <ul className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-3">
          {files.data.map((file) => (
            <li key={file.id}>
              <AttachmentPreview attachment={file} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function AttachmentPreview({ attachment }: { attachment: Attachment }) {
  const isImage = attachment.contentType.startsWith('image/') && attachment.contentType !== 'image/heic';
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!isImage) return;
    let revoked = false;
    let objectUrl: string | null = null;
    fetchObjectUrl(`/attachments/${attachment.id}`).then((u) => {
      objectUrl = u;
      if (revoked) URL.revokeObjectURL(u);
      else setUrl(u);
    }, setError);
    return () => {
      revoked = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.id, isImage]);
  const open = async () => {
    try {
      window.open(await fetchObjectUrl(`/attachments/${attachment.id}`), '_blank', 'noopener');
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <button
      type="button"
      onClick={() => void open()}
      className="block w-full overflow-hidden rounded-md border border-slate-200 text-left hover:border-brand-500"
    >
      <div className="flex h-32 items-center justify-center bg-slate-50">
        {isImage && url ? (
          <img src={url} alt={attachment.filename ?? 'Comprobante'} className="h-full w-full object-contain" />
        ) : error ? (
          <span className="px-2 text-xs text-red-600">{errorMessage(error)}</span>
        ) : (
          <FileText className="size-10 text-slate-400" aria-hidden />
        )}
      </div>
      <span className="block truncate px-2 py-1.5 text-xs text-slate-600">{attachment.filename ?? attachment.id}</span>
    </button>
  );
}
