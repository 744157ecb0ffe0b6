import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Modal, ModalActions } from '../modal';
import { notify } from '../toast';
import { Badge, Button, Field, FormError, Input, errorMessage } from '../ui';
import { api } from '../../lib/api';
import { AddressForm } from '../../lib/schemas';
import type { CustomerAddress, CustomerDetail } from '../../lib/types';
import { useForm } from '../../lib/use-form';
import { useWorkspace } from '../../lib/workspace';
import { AddressFields, addressLine, EMPTY_ADDRESS } from './address-fields';

/** The customer's addresses: add, edit, make the default, remove (with `customers:update`). */
export function Addresses({ customer }: { customer: CustomerDetail }) {
  const { can } = useWorkspace();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<CustomerAddress | 'new' | null>(null);
  const editable = can('customers:update');
  const remove = async (address: CustomerAddress) => {
    try {
      await api(`/customers/${customer.id}/addresses/${address.id}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: ['customers', 'detail', customer.id] });
      notify('Dirección eliminada');
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold">Direcciones</h3>
        {editable && (
          <Button variant="ghost" onClick={() => setEditing('new')}>
            <Plus className="size-4" aria-hidden />
            Agregar dirección
          </Button>
        )}
      </div>
      {customer.addresses.length === 0 ? (
        <p className="text-slate-600">Sin direcciones.</p>
      ) : (
        <ul className="space-y-2">
          {customer.addresses.map((a) => (
            <li key={a.id} className="flex items-start gap-2 text-slate-700">
              <span className="min-w-0 flex-1">
                {a.label && <span className="font-medium">{a.label}: </span>}
                {addressLine(a)}
                {a.isDefault && (
                  <span className="ml-1">
                    <Badge tone="blue">Principal</Badge>
                  </span>
                )}
              </span>
              {editable && (
                <>
                  <Button
                    variant="ghost"
                    aria-label={`Editar dirección ${addressLine(a)}`}
                    onClick={() => setEditing(a)}
                  >
                    <Pencil className="size-4" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Eliminar dirección ${addressLine(a)}`}
                    onClick={() => void remove(a)}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <AddressEditor
          customerId={customer.id}
          address={editing === 'new' ? null : editing}
          first={customer.addresses.length === 0}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

function AddressEditor({
  customerId,
  address,
  first,
  onClose,
}: {
  customerId: string;
  address: CustomerAddress | null;
  first: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm(
    AddressForm,
    address
      ? {
          label: address.label ?? '',
          street: address.street,
          number: address.number ?? '',
          apartment: address.apartment ?? '',
          city: address.city,
          province: address.province ?? '',
          postalCode: address.postalCode ?? '',
          notes: address.notes ?? '',
          isDefault: address.isDefault,
        }
      : { ...EMPTY_ADDRESS, isDefault: first },
  );
  const { values, errors } = form;
  return (
    <Modal open onOpenChange={(open) => !open && onClose()} title={address ? 'Editar dirección' : 'Nueva dirección'}>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit(async (parsed) => {
            const body = {
              label: orNull(parsed.label),
              street: parsed.street,
              number: orNull(parsed.number),
              apartment: orNull(parsed.apartment),
              city: parsed.city,
              province: orNull(parsed.province),
              postalCode: orNull(parsed.postalCode),
              notes: orNull(parsed.notes),
              isDefault: parsed.isDefault,
            };
            if (address) await api(`/customers/${customerId}/addresses/${address.id}`, { method: 'PATCH', body });
            else await api(`/customers/${customerId}/addresses`, { body });
            await queryClient.invalidateQueries({ queryKey: ['customers', 'detail', customerId] });
            notify(address ? 'Dirección actualizada' : 'Dirección agregada');
            onClose();
          });
        }}
      >
        <FormError error={form.formError} />
        <Field label="Nombre (opcional)" error={errors.label} hint='Por ejemplo "Casa" o "Trabajo"'>
          {(p) => <Input {...p} autoFocus {...form.text('label')} />}
        </Field>
        <AddressFields values={values} errors={errors} set={(key, value) => form.set(key, value)} />
        <Field label="Indicaciones (opcional)" error={errors.notes}>
          {(p) => <Input {...p} {...form.text('notes')} />}
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            checked={values.isDefault}
            onChange={(e) => form.set('isDefault', e.target.checked)}
          />
          Dirección principal
        </label>
        <ModalActions onCancel={onClose} submitting={form.submitting}>
          Guardar dirección
        </ModalActions>
      </form>
    </Modal>
  );
}
