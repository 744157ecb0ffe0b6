import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Modal } from '../components/modal';
import { centavos, ProductEditor, productFields, productToForm, variantAttributes } from '../components/product-form';
import { notify } from '../components/toast';
import { Button, ErrorState, FormError, LoadingState, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import type { Product } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Producto · Nexova' }];

export default function EditProductPage() {
  const { id = '' } = useParams();
  const { can } = useWorkspace();
  const queryClient = useQueryClient();
  const product = useQuery({ queryKey: ['products', 'detail', id], queryFn: () => api<Product>(`/products/${id}`) });
  if (product.isPending) return <LoadingState />;
  if (product.isError) return <ErrorState error={product.error} onRetry={() => void product.refetch()} />;
  const current = product.data;
  const readOnly = !can('products:update');

  return (
    <>
      <PageHeader
        title={current.name}
        description={readOnly ? 'Solo lectura: tu rol no puede editar productos.' : undefined}
      />
      <ProductEditor
        key={current.updatedAt}
        mode="edit"
        readOnly={readOnly}
        initial={productToForm(current)}
        onSubmit={async (values) => {
          await api(`/products/${id}`, {
            method: 'PATCH',
            body: productFields(values),
          });
          const kept = new Set(values.variants.map((v) => v.id).filter(Boolean));
          for (const removed of current.variants.filter((v) => !kept.has(v.id))) {
            await api(`/products/${id}/variants/${removed.id}`, { method: 'DELETE' });
          }
          for (const variant of values.variants) {
            const existing = current.variants.find((v) => v.id === variant.id);
            const threshold = variant.lowStockThreshold.trim()
              ? { lowStockThreshold: Number(variant.lowStockThreshold) }
              : {};
            if (existing) {
              await api(`/products/${id}/variants/${existing.id}`, {
                method: 'PATCH',
                body: {
                  sku: variant.sku.trim(),
                  attributes: variantAttributes(variant, existing.attributes),
                  priceOverride: centavos(variant.price),
                  ...threshold,
                },
              });
            } else {
              await api(`/products/${id}/variants`, {
                body: {
                  sku: variant.sku.trim(),
                  attributes: variantAttributes(variant),
                  priceOverride: centavos(variant.price),
                  initialStock: Number(variant.initialStock || 0),
                  ...threshold,
                },
              });
            }
          }
          await queryClient.invalidateQueries({ queryKey: ['products'] });
          await queryClient.invalidateQueries({ queryKey: ['stock'] });
          notify('Cambios guardados');
        }}
      >
        {can('products:delete') && <DeleteProduct product={current} />}
      </ProductEditor>
    </>
  );
}

function DeleteProduct({ product }: { product: Product }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Eliminar producto
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Eliminar producto"
        description={`"${product.name}" deja de venderse y sale del catálogo.`}
      >
        <FormError error={error} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Volver
          </Button>
          <Button
            variant="danger"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await api(`/products/${product.id}`, { method: 'DELETE' });
                await queryClient.invalidateQueries({ queryKey: ['products'] });
                notify('Producto eliminado');
                await navigate('/products');
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            Eliminar
          </Button>
        </div>
      </Modal>
    </>
  );
}
