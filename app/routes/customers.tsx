import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LoadMore, QueryState, SearchField } from '../components/data-table';
import { Modal, ModalActions } from '../components/modal';
import { notify } from '../components/toast';
import { Badge, Button, Card, Field, FormError, Input, PageHeader, Textarea } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import { CustomerForm } from '../lib/schemas';
import type { Customer, Page } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useForm } from '../lib/use-form';
import { useWorkspace } from '../lib/workspace';
import { formatPhone } from '../lib/phone';

export const meta = () => [{ title: 'Clientes · Nexova' }];

export default function CustomersPage() {
  const { can, workspace } = useWorkspace();
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const customers = useInfiniteQuery({
    queryKey: ['customers', { q: search }],
    queryFn: ({ pageParam }) =>
      api<Page<Customer>>('/customers', { query: { q: search.trim() || undefined, limit: 30, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = customers.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Clientes"
        description="Quienes te compraron o escribieron por WhatsApp."
        actions={can('customers:create') ? <NewCustomer /> : null}
      />
      <Card className="mb-4 p-3">
        <SearchField
          label="Buscar clientes"
          placeholder="Nombre, e-mail o teléfono (como sea que esté escrito)"
          value={q}
          onChange={setQ}
        />
      </Card>
      <QueryState
        query={customers}
        empty={items.length === 0 && { title: search ? 'Ningún cliente coincide' : 'Todavía no hay clientes' }}
      >
        {() => (
          <Card>
            <ul className="divide-y divide-slate-100" aria-label="Clientes">
              {items.map((customer) => (
                <li key={customer.id}>
                  <Link
                    to={`/customers/${customer.id}`}
                    className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50"
                  >
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium">{customer.name ?? 'Sin nombre'}</span>
                      <span className="block truncate text-sm text-slate-600">
                        {[formatPhone(customer.phone), customer.email].filter(Boolean).join(' · ') || 'Sin contacto'}
                      </span>
                    </span>
                    <span className="flex flex-wrap gap-1">
                      {customer.tags.map((tag) => (
                        <Badge key={tag}>{tag}</Badge>
                      ))}
                    </span>
                    <span className="text-xs text-slate-500">
                      Desde {formatDate(customer.createdAt, workspace.settings.timezone)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </QueryState>
      <LoadMore query={customers} />
    </>
  );
}

function NewCustomer() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm(CustomerForm, { name: '', phone: '', email: '', notes: '' });
  const { values, errors } = form;
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden />
        Nuevo cliente
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Nuevo cliente">
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit(async (parsed) => {
              const customer = await api<Customer>('/customers', {
                body: {
                  name: parsed.name || null,
                  phone: parsed.phone || null,
                  email: parsed.email || null,
                  notes: parsed.notes || null,
                },
              });
              await queryClient.invalidateQueries({ queryKey: ['customers'] });
              notify('Cliente creado');
              await navigate(`/customers/${customer.id}`);
            });
          }}
        >
          <FormError error={form.formError} />
          <Field label="Nombre" error={errors.name}>
            {(p) => <Input {...p} value={values.name} onChange={(e) => form.set('name', e.target.value)} />}
          </Field>
          <Field label="Teléfono" error={errors.phone} hint="Como lo escribas: 11 5555-1234, +54 9 11…">
            {(p) => (
              <Input {...p} type="tel" value={values.phone} onChange={(e) => form.set('phone', e.target.value)} />
            )}
          </Field>
          <Field label="E-mail" error={errors.email}>
            {(p) => (
              <Input {...p} type="email" value={values.email} onChange={(e) => form.set('email', e.target.value)} />
            )}
          </Field>
          <Field label="Notas" error={errors.notes}>
            {(p) => <Textarea {...p} value={values.notes} onChange={(e) => form.set('notes', e.target.value)} />}
          </Field>
          <ModalActions onCancel={() => setOpen(false)} submitting={form.submitting}>
            Crear cliente
          </ModalActions>
        </form>
      </Modal>
    </>
  );
}
