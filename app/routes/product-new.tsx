import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notify } from '../components/toast';
import { centavos, emptyVariant, ProductEditor, productFields, variantAttributes } from '../components/product-form';
import { Card, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import type { Product } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Nuevo producto · Nexova' }];

export default function NewProductPage() {
  const { can } = useWorkspace();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  if (!can('products:create')) {
    return <Card className="p-5 text-sm text-slate-600">Tu rol no puede crear productos.</Card>;
  }
  return (
    <>
      <PageHeader title="Nuevo producto" />
      <ProductEditor
        mode="create"
        initial={{
          name: '',
          category: '',
          description: '',
          status: 'ACTIVE',
          basePrice: '',
          variants: [emptyVariant()],
        }}
        onSubmit={async (values) => {
          const product = await api<Product>('/products', {
            body: {
              ...productFields(values),
              variants: values.variants.map((v) => ({
                sku: v.sku.trim(),
                attributes: variantAttributes(v),
                priceOverride: centavos(v.price),
                initialStock: Number(v.initialStock || 0),
                ...(v.lowStockThreshold.trim() ? { lowStockThreshold: Number(v.lowStockThreshold) } : {}),
              })),
            },
          });
          await queryClient.invalidateQueries({ queryKey: ['products'] });
          await queryClient.invalidateQueries({ queryKey: ['stock'] });
          notify(`Producto "${product.name}" creado`);
          await navigate(`/products/${product.id}`);
        }}
      />
    </>
  );
}
