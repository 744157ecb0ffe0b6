import { Field, Input } from '../ui';
import type { AddressFormValues } from '../../lib/schemas';
import type { FieldErrors } from '../../lib/schemas';

/** Street, number, apartment, city, province and postal code of an address, for any form that holds one. */
export function AddressFields({
  values,
  errors,
  set,
}: {
  values: AddressFormValues;
  errors: FieldErrors;
  set: (key: keyof AddressFormValues & string, value: string) => void;
}) {
  const text = (key: keyof AddressFormValues & string) => ({
    value: String(values[key] ?? ''),
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });
  return (
    <div className="grid gap-3 sm:grid-cols-6">
      <Field label="Calle" error={errors.street} className="sm:col-span-4">
        {(p) => <Input {...p} autoComplete="address-line1" {...text('street')} />}
      </Field>
      <Field label="Número" error={errors.number} className="sm:col-span-2">
        {(p) => <Input {...p} {...text('number')} />}
      </Field>
      <Field label="Piso / depto." error={errors.apartment} className="sm:col-span-2">
        {(p) => <Input {...p} autoComplete="address-line2" {...text('apartment')} />}
      </Field>
      <Field label="Localidad" error={errors.city} className="sm:col-span-4">
        {(p) => <Input {...p} autoComplete="address-level2" {...text('city')} />}
      </Field>
      <Field label="Provincia" error={errors.province} className="sm:col-span-4">
        {(p) => <Input {...p} autoComplete="address-level1" {...text('province')} />}
      </Field>
      <Field label="Código postal" error={errors.postalCode} className="sm:col-span-2">
        {(p) => <Input {...p} autoComplete="postal-code" {...text('postalCode')} />}
      </Field>
    </div>
  );
}

export const EMPTY_ADDRESS: AddressFormValues = {
  label: '',
  street: '',
  number: '',
  apartment: '',
  city: '',
  province: '',
  postalCode: '',
  notes: '',
  isDefault: false,
};

/** One line for an address: "Gurruchaga 1850, 3B — CABA". */
export function addressLine(a: { street: string; number?: string | null; apartment?: string | null; city: string }) {
  return `${a.street}${a.number ? ` ${a.number}` : ''}${a.apartment ? `, ${a.apartment}` : ''} — ${a.city}`;
}
