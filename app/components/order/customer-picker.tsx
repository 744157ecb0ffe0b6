import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Field, Input, LoadingState } from '../ui';
import { api } from '../../lib/api';
import { formatPhone } from '../../lib/phone';
import type { CustomerDetail, Customer, Page } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';

/** Who the order is for: an existing customer, or a new one created with the order. */
export type CustomerChoice =
  { kind: 'existing'; customer: CustomerDetail } | { kind: 'new'; name: string; phone: string } | null;

/** Search customers by name, phone or e-mail, or type a new one's name and phone. */
export function CustomerPicker({
  value,
  onChange,
  errors,
}: {
  value: CustomerChoice;
  onChange: (choice: CustomerChoice) => void;
  errors: Record<string, string>;
}) {
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const customers = useQuery({
    queryKey: ['customers', { q: search, picker: true }],
    queryFn: () => api<Page<Customer>>('/customers', { query: { q: search.trim() || undefined, limit: 6 } }),
    enabled: value === null,
  });
  const [loading, setLoading] = useState(false);

  if (value?.kind === 'existing') {
    const c = value.customer;
    return (
      <div className="flex items-start justify-between gap-3 text-sm">
        <span>
          <span className="block font-medium">{c.name ?? 'Sin nombre'}</span>
          <span className="block text-slate-600">{[formatPhone(c.phone), c.email].filter(Boolean).join(' · ')}</span>
        </span>
        <Button variant="ghost" onClick={() => onChange(null)}>
          Cambiar
        </Button>
      </div>
    );
  }
  if (value?.kind === 'new') {
    return (
      <div className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Nombre del cliente" error={errors['customer.name']}>
            {(p) => (
              <Input
                {...p}
                autoFocus
                value={value.name}
                onChange={(e) => onChange({ ...value, name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Teléfono" error={errors['customer.phone']} hint="Como lo escribas: 11 6625-9127">
            {(p) => (
              <Input
                {...p}
                type="tel"
                value={value.phone}
                onChange={(e) => onChange({ ...value, phone: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Button variant="ghost" onClick={() => onChange(null)}>
          Buscar un cliente existente
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Input
        type="search"
        aria-label="Buscar cliente"
        placeholder="Buscar por nombre, teléfono o e-mail"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        aria-invalid={Boolean(errors.customer)}
      />
      {errors.customer && (
        <p className="text-xs text-red-600" role="alert">
          {errors.customer}
        </p>
      )}
      {customers.isPending || loading ? (
        <LoadingState />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Clientes">
          {customers.data?.items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="w-full px-3 py-2 text-left text-sm hover:bg-slate-50"
                onClick={async () => {
                  setLoading(true);
                  try {
                    onChange({ kind: 'existing', customer: await api<CustomerDetail>(`/customers/${c.id}`) });
                  } finally {
                    setLoading(false);
                  }
                }}
              >
                <span className="block font-medium">{c.name ?? 'Sin nombre'}</span>
                <span className="block text-xs text-slate-500">
                  {[formatPhone(c.phone), c.email].filter(Boolean).join(' · ') || 'Sin contacto'}
                </span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="w-full px-3 py-2 text-left text-sm font-medium text-brand-700 hover:bg-slate-50"
              onClick={() =>
                onChange({ kind: 'new', name: /\d/.test(q) ? '' : q.trim(), phone: /\d/.test(q) ? q.trim() : '' })
              }
            >
              + Nuevo cliente{q.trim() ? ` "${q.trim()}"` : ''}
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
