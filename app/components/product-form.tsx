import { Plus, Trash2 } from 'lucide-react';
import { Button, Card, Field, FormError, Input, Select, Textarea } from './ui';
import { moneyInput, parseMoney } from '../lib/format';
import { ProductForm, type ProductFormValues } from '../lib/schemas';
import type { Product } from '../lib/types';
import { useForm } from '../lib/use-form';

export type VariantValues = ProductFormValues['variants'][number];

export const emptyVariant = (): VariantValues => ({
  sku: '',
  talle: '',
  color: '',
  price: '',
  initialStock: '0',
  lowStockThreshold: '',
});

export function productToForm(product: Product): ProductFormValues {
  return {
    name: product.name,
    category: product.category ?? '',
    description: product.description ?? '',
    status: product.status,
    basePrice: moneyInput(product.basePrice),
    variants: product.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      talle: v.attributes.talle ?? '',
      color: v.attributes.color ?? '',
      price: moneyInput(v.priceOverride),
      initialStock: String(v.stock.onHand),
      lowStockThreshold: String(v.stock.lowStockThreshold),
    })),
  };
}

/** `{ talle, color }` without empty values, over the variant's other attributes. */
export function variantAttributes(variant: VariantValues, existing: Record<string, string> = {}) {
  const attributes: Record<string, string> = { ...existing };
  delete attributes.talle;
  delete attributes.color;
  if (variant.talle.trim()) attributes.talle = variant.talle.trim();
  if (variant.color.trim()) attributes.color = variant.color.trim();
  return attributes;
}

export const centavos = (text: string) => (text.trim() ? parseMoney(text) : null);

/** The product's own fields (not its variants) as the API takes them on create and update. */
export function productFields(values: ProductFormValues) {
  return {
    name: values.name.trim(),
    category: values.category.trim() || null,
    description: values.description.trim() || null,
    status: values.status,
    basePrice: centavos(values.basePrice),
  };
}

const FIELDS = [
  'name',
  'category',
  'description',
  'status',
  'basePrice',
  'variants.*.sku',
  'variants.*.lowStockThreshold',
];

/**
 * Create/edit form of a product and its variants (talle/color, price override, stock). The
 * caller turns the validated values into API calls; a failing call shows its message here.
 */
export function ProductEditor({
  initial,
  mode,
  readOnly,
  onSubmit,
  children,
}: {
  initial: ProductFormValues;
  mode: 'create' | 'edit';
  readOnly?: boolean;
  onSubmit: (values: ProductFormValues) => Promise<void>;
  children?: React.ReactNode;
}) {
  const form = useForm(ProductForm, initial, FIELDS);
  const { values, errors } = form;
  const setVariant = (index: number, patch: Partial<VariantValues>) =>
    form.set(
      'variants',
      values.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)),
    );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(async () => onSubmit(values));
      }}
      className="space-y-6"
    >
      <FormError error={form.formError} />
      <fieldset disabled={readOnly} className="space-y-6">
        <Card className="space-y-4 p-5">
          <h2 className="font-semibold">Datos del producto</h2>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label="Nombre" error={errors.name}>
              {(p) => <Input {...p} value={values.name} onChange={(e) => form.set('name', e.target.value)} />}
            </Field>
            <Field label="Categoría" error={errors.category}>
              {(p) => (
                <Input
                  {...p}
                  value={values.category}
                  placeholder="Remeras, Pantalones…"
                  onChange={(e) => form.set('category', e.target.value)}
                />
              )}
            </Field>
            <Field label="Precio base" error={errors.basePrice} hint="En pesos, por ejemplo 18500 o 18.500,50">
              {(p) => (
                <Input
                  {...p}
                  inputMode="decimal"
                  value={values.basePrice}
                  onChange={(e) => form.set('basePrice', e.target.value)}
                />
              )}
            </Field>
            <Field label="Estado" error={errors.status}>
              {(p) => (
                <Select
                  {...p}
                  value={values.status}
                  onChange={(e) => form.set('status', e.target.value as ProductFormValues['status'])}
                >
                  <option value="ACTIVE">Activo (se vende)</option>
                  <option value="DRAFT">Borrador (oculto)</option>
                  <option value="ARCHIVED">Archivado</option>
                </Select>
              )}
            </Field>
            <Field label="Descripción" error={errors.description} className="md:col-span-2">
              {(p) => (
                <Textarea {...p} value={values.description} onChange={(e) => form.set('description', e.target.value)} />
              )}
            </Field>
          </div>
        </Card>
        <Card className="space-y-4 p-5">
          <div className="flex items-center justify-between gap-2">
            <h2 className="font-semibold">Variantes</h2>
            {!readOnly && (
              <Button variant="secondary" onClick={() => form.set('variants', [...values.variants, emptyVariant()])}>
                <Plus className="size-4" aria-hidden />
                Agregar variante
              </Button>
            )}
          </div>
          {values.variants.length === 0 && (
            <p className="text-sm text-slate-600">Sin variantes: agregá al menos una para poder vender el producto.</p>
          )}
          <ol className="space-y-4">
            {values.variants.map((variant, index) => (
              <li
                key={variant.id ?? `new-${index}`}
                className="rounded-md border border-slate-200 p-4"
                aria-label={`Variante ${index + 1}`}
              >
                <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
                  <Field label="SKU" error={errors[`variants.${index}.sku`]} className="lg:col-span-2">
                    {(p) => (
                      <Input {...p} value={variant.sku} onChange={(e) => setVariant(index, { sku: e.target.value })} />
                    )}
                  </Field>
                  <Field label="Talle" error={errors[`variants.${index}.talle`]}>
                    {(p) => (
                      <Input
                        {...p}
                        value={variant.talle}
                        onChange={(e) => setVariant(index, { talle: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label="Color" error={errors[`variants.${index}.color`]}>
                    {(p) => (
                      <Input
                        {...p}
                        value={variant.color}
                        onChange={(e) => setVariant(index, { color: e.target.value })}
                      />
                    )}
                  </Field>
                  <Field label="Precio propio" error={errors[`variants.${index}.price`]} hint="Vacío: precio base">
                    {(p) => (
                      <Input
                        {...p}
                        inputMode="decimal"
                        value={variant.price}
                        onChange={(e) => setVariant(index, { price: e.target.value })}
                      />
                    )}
                  </Field>
                  {mode === 'create' || !variant.id ? (
                    <Field label="Stock inicial" error={errors[`variants.${index}.initialStock`]}>
                      {(p) => (
                        <Input
                          {...p}
                          inputMode="numeric"
                          value={variant.initialStock}
                          onChange={(e) => setVariant(index, { initialStock: e.target.value })}
                        />
                      )}
                    </Field>
                  ) : (
                    <div className="space-y-1 text-sm">
                      <span className="block font-medium text-slate-700">En depósito</span>
                      <span className="block py-2 tabular-nums">{variant.initialStock}</span>
                    </div>
                  )}
                  <Field
                    label="Alerta de stock bajo"
                    error={errors[`variants.${index}.lowStockThreshold`]}
                    hint="Avisar con esta cantidad o menos"
                    className="lg:col-span-2"
                  >
                    {(p) => (
                      <Input
                        {...p}
                        inputMode="numeric"
                        value={variant.lowStockThreshold}
                        onChange={(e) => setVariant(index, { lowStockThreshold: e.target.value })}
                      />
                    )}
                  </Field>
                </div>
                {!readOnly && (
                  <div className="mt-3 flex justify-end">
                    <Button
                      variant="ghost"
                      onClick={() =>
                        form.set(
                          'variants',
                          values.variants.filter((_, i) => i !== index),
                        )
                      }
                    >
                      <Trash2 className="size-4" aria-hidden />
                      Quitar variante
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        </Card>
      </fieldset>
      <div className="flex flex-wrap justify-end gap-2">
        {children}
        {!readOnly && (
          <Button type="submit" loading={form.submitting}>
            {mode === 'create' ? 'Crear producto' : 'Guardar cambios'}
          </Button>
        )}
      </div>
    </form>
  );
}
