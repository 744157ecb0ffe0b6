import { useQueryClient } from '@tanstack/react-query';
import { Pencil } from 'lucide-react';
import { useState } from 'react';
import { Modal, ModalActions } from '../modal';
import { notify } from '../toast';
import { Button, Field, FormError, Input, Textarea } from '../ui';
import { api } from '../../lib/api';
import { formatPhone } from '../../lib/phone';
import { CustomerEditForm } from '../../lib/schemas';
import type { CustomerDetail } from '../../lib/types';
import { useForm } from '../../lib/use-form';

/** "Editar": name, phone, e-mail, notes and tags of a customer (PATCH sends only what changed). */
export function EditCustomer({ customer }: { customer: CustomerDetail }) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const initial = {
    name: customer.name ?? '',
    phone: formatPhone(customer.phone),
    email: customer.email ?? '',
    notes: customer.notes ?? '',
    tags: customer.tags.join(', '),
  };
  const form = useForm(CustomerEditForm, initial);
  const { values, errors } = form;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          form.setValues(initial);
          form.setErrors({});
          setOpen(true);
        }}
      >
        <Pencil className="size-4" aria-hidden />
        Editar
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Editar cliente">
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit(async (parsed) => {
              const next = {
                name: parsed.name || null,
                phone: parsed.phone || null,
                email: parsed.email || null,
                notes: parsed.notes || null,
              };
              const body: Record<string, unknown> = {};
              if (next.name !== customer.name) body.name = next.name;
              if (parsed.phone !== initial.phone) body.phone = next.phone;
              if (next.email !== customer.email) body.email = next.email;
              if (next.notes !== customer.notes) body.notes = next.notes;
              if (parsed.tags.join(',') !== customer.tags.join(',')) body.tags = parsed.tags;
              if (Object.keys(body).length > 0) {
                await api(`/customers/${customer.id}`, { method: 'PATCH', body });
                await queryClient.invalidateQueries({ queryKey: ['customers'] });
              }
              notify('Cliente actualizado');
              setOpen(false);
            });
          }}
        >
          <FormError error={form.formError} />
          <Field label="Nombre" error={errors.name}>
            {(p) => <Input {...p} autoFocus autoComplete="off" {...form.text('name')} />}
          </Field>
          <Field label="Teléfono" error={errors.phone} hint="Como lo escribas: 11 6625-9127, +54 9 11…">
            {(p) => <Input {...p} type="tel" {...form.text('phone')} />}
          </Field>
          <Field label="E-mail" error={errors.email}>
            {(p) => <Input {...p} type="email" {...form.text('email')} />}
          </Field>
          <Field label="Etiquetas" error={errors.tags} hint="Separadas por coma: mayorista, vip">
            {(p) => <Input {...p} {...form.text('tags')} />}
          </Field>
          <Field label="Notas" error={errors.notes}>
            {(p) => <Textarea {...p} value={values.notes} onChange={(e) => form.set('notes', e.target.value)} />}
          </Field>
          <ModalActions onCancel={() => setOpen(false)} submitting={form.submitting}>
            Guardar cambios
          </ModalActions>
        </form>
      </Modal>
    </>
  );
}
