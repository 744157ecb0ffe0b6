import * as Tabs from '@radix-ui/react-tabs';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { History, SlidersHorizontal } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable, LoadMore, QueryState, SearchField } from '../components/data-table';
import { Modal, ModalActions } from '../components/modal';
import { notify } from '../components/toast';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Field,
  FormError,
  Input,
  LoadingState,
  PageHeader,
  Select,
  TAB_LIST,
  TAB_TRIGGER,
} from '../components/ui';
import { api } from '../lib/api';
import { ACTOR_LABELS, attributesLabel, formatDateTime, formatNumber, MOVEMENT_REASON_LABELS } from '../lib/format';
import { AdjustStockForm } from '../lib/schemas';
import type { Page, StockLevel, StockMovement } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useForm } from '../lib/use-form';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Stock · Nexova' }];

export default function StockPage() {
  return (
    <>
      <PageHeader title="Stock" description="Disponible = en depósito − reservado por pedidos en curso." />
      <Tabs.Root defaultValue="levels">
        <Tabs.List className={TAB_LIST} aria-label="Vistas de stock">
          <Tabs.Trigger value="levels" className={TAB_TRIGGER}>
            Niveles
          </Tabs.Trigger>
          <Tabs.Trigger value="movements" className={TAB_TRIGGER}>
            Movimientos
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="levels">
          <Levels />
        </Tabs.Content>
        <Tabs.Content value="movements">
          <Movements />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function Levels() {
  const { can } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const low = params.get('low') === 'true';
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const [adjusting, setAdjusting] = useState<StockLevel | null>(null);
  const [history, setHistory] = useState<StockLevel | null>(null);
  const levels = useInfiniteQuery({
    queryKey: ['stock', { q: search, low }],
    queryFn: ({ pageParam }) =>
      api<Page<StockLevel>>('/stock', {
        query: { q: search.trim() || undefined, low: low || undefined, limit: 50, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = levels.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Card className="mb-4 flex flex-col gap-3 p-3 sm:flex-row sm:items-center">
        <SearchField
          label="Buscar en stock"
          placeholder="Producto o SKU"
          value={q}
          onChange={setQ}
          className="flex-1"
        />
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300"
            checked={low}
            onChange={(e) => setParams(e.target.checked ? { low: 'true' } : {}, { replace: true })}
          />
          Solo stock bajo
        </label>
      </Card>
      <QueryState
        query={levels}
        empty={
          items.length === 0 && {
            title: low ? 'Nada en stock bajo' : 'No hay variantes',
            description: low ? 'Todas las variantes están por encima de su alerta.' : undefined,
          }
        }
      >
        {() => (
          <Card className="overflow-x-auto">
            <DataTable
              className="min-w-[720px]"
              columns={[
                { label: 'Variante' },
                { label: 'En depósito', align: 'right' },
                { label: 'Reservado', align: 'right' },
                { label: 'Disponible', align: 'right' },
                { label: 'Alerta' },
                { label: 'Acciones', align: 'right', srOnly: true },
              ]}
            >
              {items.map((level) => (
                <tr key={level.variantId}>
                  <td className="px-4 py-3">
                    <span className="block font-medium">{level.productName}</span>
                    <span className="block text-xs text-slate-500">
                      <span className="font-mono">{level.sku}</span> · {attributesLabel(level.attributes)}
                    </span>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{formatNumber(level.onHand)}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{formatNumber(level.reserved)}</td>
                  <td className="px-4 py-3 text-right font-semibold tabular-nums">{formatNumber(level.available)}</td>
                  <td className="px-4 py-3">
                    {level.available <= 0 ? (
                      <Badge tone="red">Sin stock</Badge>
                    ) : level.low ? (
                      <Badge tone="amber">Bajo (≤ {level.lowStockThreshold})</Badge>
                    ) : (
                      <Badge tone="green">OK</Badge>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="ghost"
                        onClick={() => setHistory(level)}
                        aria-label={`Movimientos de ${level.sku}`}
                      >
                        <History className="size-4" aria-hidden />
                      </Button>
                      {can('stock:adjust') && (
                        <Button
                          variant="secondary"
                          onClick={() => setAdjusting(level)}
                          aria-label={`Ajustar ${level.sku}`}
                        >
                          <SlidersHorizontal className="size-4" aria-hidden />
                          Ajustar
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </DataTable>
          </Card>
        )}
      </QueryState>
      <LoadMore query={levels} />
      {adjusting && <AdjustDialog level={adjusting} onClose={() => setAdjusting(null)} />}
      <Modal
        open={Boolean(history)}
        onOpenChange={(open) => !open && setHistory(null)}
        title={`Movimientos de ${history?.sku ?? ''}`}
        wide
      >
        {history && <Movements variantId={history.variantId} />}
      </Modal>
    </>
  );
}

function AdjustDialog({ level, onClose }: { level: StockLevel; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm(AdjustStockForm, { mode: 'delta', quantity: '', reason: 'RESTOCK', note: '' });
  const { values, errors } = form;
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Ajustar ${level.sku}`}
      description={`${level.productName} · en depósito: ${level.onHand}`}
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit(async (parsed) => {
            const amount = Number(parsed.quantity);
            await api('/stock/adjust', {
              body: {
                variantId: level.variantId,
                ...(parsed.mode === 'delta' ? { delta: amount } : { set: amount }),
                reason: parsed.reason,
                ...(parsed.note ? { note: parsed.note } : {}),
              },
            });
            await queryClient.invalidateQueries({ queryKey: ['stock'] });
            await queryClient.invalidateQueries({ queryKey: ['stock-movements'] });
            await queryClient.invalidateQueries({ queryKey: ['products'] });
            notify('Stock actualizado');
            onClose();
          });
        }}
      >
        <FormError error={form.formError} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Tipo de ajuste" error={errors.mode}>
            {(p) => (
              <Select {...p} value={values.mode} onChange={(e) => form.set('mode', e.target.value as 'delta' | 'set')}>
                <option value="delta">Sumar o restar unidades</option>
                <option value="set">Fijar el total contado</option>
              </Select>
            )}
          </Field>
          <Field
            label={values.mode === 'delta' ? 'Unidades (+ o −)' : 'Total en depósito'}
            error={errors.quantity ?? errors.delta}
          >
            {(p) => (
              <Input
                {...p}
                inputMode="numeric"
                value={values.quantity}
                placeholder={values.mode === 'delta' ? 'Ej.: 12 o -3' : 'Ej.: 40'}
                onChange={(e) => form.set('quantity', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field label="Motivo" error={errors.reason}>
          {(p) => (
            <Select
              {...p}
              value={values.reason}
              onChange={(e) => form.set('reason', e.target.value as typeof values.reason)}
            >
              {(['RESTOCK', 'ADJUSTMENT', 'RETURN', 'DAMAGE', 'CORRECTION'] as const).map((r) => (
                <option key={r} value={r}>
                  {MOVEMENT_REASON_LABELS[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Nota (opcional)" error={errors.note}>
          {(p) => <Input {...p} value={values.note} onChange={(e) => form.set('note', e.target.value)} />}
        </Field>
        <ModalActions onCancel={onClose} submitting={form.submitting}>
          Guardar ajuste
        </ModalActions>
      </form>
    </Modal>
  );
}

function Movements({ variantId }: { variantId?: string }) {
  const { workspace } = useWorkspace();
  const movements = useInfiniteQuery({
    queryKey: ['stock-movements', variantId ?? 'all'],
    queryFn: ({ pageParam }) =>
      api<Page<StockMovement>>('/stock/movements', { query: { variantId, limit: 50, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = movements.data?.pages.flatMap((p) => p.items) ?? [];
  if (movements.isPending) return <LoadingState />;
  if (movements.isError) return <ErrorState error={movements.error} onRetry={() => void movements.refetch()} />;
  if (items.length === 0) return <EmptyState title="Sin movimientos" />;
  return (
    <Card className="overflow-x-auto">
      <DataTable
        dense
        className="min-w-[560px]"
        columns={[
          { label: 'Fecha' },
          { label: 'Motivo' },
          { label: 'Cambio', align: 'right' },
          { label: 'Queda', align: 'right' },
          { label: 'Quién / nota' },
        ]}
      >
        {items.map((m) => (
          <tr key={m.id}>
            <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(m.createdAt, workspace.settings.timezone)}</td>
            <td className="px-4 py-2">{MOVEMENT_REASON_LABELS[m.reason] ?? m.reason}</td>
            <td
              className={`px-4 py-2 text-right font-medium tabular-nums ${m.delta < 0 ? 'text-red-600' : 'text-emerald-700'}`}
            >
              {m.delta > 0 ? `+${m.delta}` : m.delta}
            </td>
            <td className="px-4 py-2 text-right tabular-nums">{m.onHandAfter}</td>
            <td className="px-4 py-2 text-slate-600">
              {ACTOR_LABELS[m.actor.type]}
              {m.note ? ` · ${m.note}` : ''}
            </td>
          </tr>
        ))}
      </DataTable>
      <LoadMore query={movements} className="p-3" />
    </Card>
  );
}
