import { useInfiniteQuery } from '@tanstack/react-query';
import { LayoutGrid, List, Plus, Upload } from 'lucide-react';
import { Link } from 'react-router';
import { DataTable, LoadMore, QueryState, SearchField, useUrlFilters } from '../components/data-table';
import { Badge, Card, cx, Input, LinkButton, PageHeader, Select } from '../components/ui';
import { api } from '../lib/api';
import { formatMoney, formatNumber, PRODUCT_STATUS_LABELS } from '../lib/format';
import type { Page, Product } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Productos · Nexova' }];

const STATUS_TONE = { ACTIVE: 'green', DRAFT: 'slate', ARCHIVED: 'red' } as const;

export default function ProductsPage() {
  const { can } = useWorkspace();
  const [params, setParams] = useUrlFilters();
  const view = params.get('view') === 'list' ? 'list' : 'grid';
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const inStock = params.get('inStock') ?? '';
  const category = params.get('category') ?? '';
  const search = useDebounced(q);
  const update = (key: string, value: string) => setParams({ [key]: value });

  const products = useInfiniteQuery({
    queryKey: ['products', { q: search, status, inStock, category }],
    queryFn: ({ pageParam }) =>
      api<Page<Product>>('/products', {
        query: {
          q: search.trim() || undefined,
          status,
          inStock,
          category: category.trim() || undefined,
          limit: 24,
          cursor: pageParam,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = products.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Productos"
        description="Catálogo con variantes por talle y color."
        actions={
          <>
            {can('products:import') && (
              <LinkButton to="/products/import" variant="secondary">
                <Upload className="size-4" aria-hidden />
                Importar CSV
              </LinkButton>
            )}
            {can('products:create') && (
              <LinkButton to="/products/new">
                <Plus className="size-4" aria-hidden />
                Nuevo producto
              </LinkButton>
            )}
          </>
        }
      />
      <Card className="mb-4 p-3">
        <div className="flex flex-col gap-3 md:flex-row md:items-center">
          <SearchField
            label="Buscar productos"
            placeholder="Buscar por nombre, categoría o SKU"
            value={q}
            onChange={(value) => update('q', value)}
            className="flex-1"
          />
          <div className="grid gap-3 sm:grid-cols-3 md:flex">
            <Input
              aria-label="Categoría"
              placeholder="Categoría"
              className="md:w-36"
              value={category}
              onChange={(e) => update('category', e.target.value)}
            />
            <Select
              aria-label="Estado"
              className="md:w-36"
              value={status}
              onChange={(e) => update('status', e.target.value)}
            >
              <option value="">Todos los estados</option>
              <option value="ACTIVE">Activos</option>
              <option value="DRAFT">Borradores</option>
              <option value="ARCHIVED">Archivados</option>
            </Select>
            <Select
              aria-label="Stock"
              className="md:w-36"
              value={inStock}
              onChange={(e) => update('inStock', e.target.value)}
            >
              <option value="">Con y sin stock</option>
              <option value="true">Con stock</option>
              <option value="false">Sin stock</option>
            </Select>
          </div>
          <div className="flex self-start rounded-md border border-slate-300" role="group" aria-label="Vista">
            <button
              type="button"
              aria-pressed={view === 'grid'}
              aria-label="Ver en grilla"
              onClick={() => update('view', '')}
              className={cx('p-2', view === 'grid' ? 'bg-slate-100 text-slate-900' : 'text-slate-500')}
            >
              <LayoutGrid className="size-4" aria-hidden />
            </button>
            <button
              type="button"
              aria-pressed={view === 'list'}
              aria-label="Ver en lista"
              onClick={() => update('view', 'list')}
              className={cx(
                'border-l border-slate-300 p-2',
                view === 'list' ? 'bg-slate-100 text-slate-900' : 'text-slate-500',
              )}
            >
              <List className="size-4" aria-hidden />
            </button>
          </div>
        </div>
      </Card>

      <QueryState
        query={products}
        empty={
          items.length === 0 &&
          (search || status || inStock || category
            ? { title: 'Ningún producto coincide', description: 'Probá con otra búsqueda o quitá los filtros.' }
            : {
                title: 'Todavía no hay productos',
                description: 'Creá tu primer producto o importalos desde un CSV.',
              })
        }
      >
        {() =>
          view === 'grid' ? (
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" aria-label="Productos">
              {items.map((product) => (
                <li key={product.id}>
                  <Link
                    to={`/products/${product.id}`}
                    className="block h-full rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-500"
                  >
                    <div className="flex items-start justify-between gap-2">
                      <h2 className="font-medium text-slate-900">{product.name}</h2>
                      <Badge tone={STATUS_TONE[product.status]}>{PRODUCT_STATUS_LABELS[product.status]}</Badge>
                    </div>
                    <p className="mt-1 text-sm text-slate-500">{product.category ?? 'Sin categoría'}</p>
                    <p className="mt-3 text-lg font-semibold tabular-nums">
                      {formatMoney(product.basePrice, product.currency)}
                    </p>
                    <p className="mt-1 text-xs text-slate-500">
                      {product.variants.length} {product.variants.length === 1 ? 'variante' : 'variantes'} ·{' '}
                      {formatNumber(product.variants.reduce((sum, v) => sum + v.stock.available, 0))} disponibles
                    </p>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <Card className="overflow-x-auto">
              <DataTable
                columns={[
                  { label: 'Producto' },
                  { label: 'Categoría', className: 'hidden sm:table-cell' },
                  { label: 'Estado' },
                  { label: 'Precio', align: 'right' },
                  { label: 'Variantes', align: 'right', className: 'hidden sm:table-cell' },
                  { label: 'Disponible', align: 'right' },
                ]}
              >
                {items.map((product) => (
                  <tr key={product.id} className="hover:bg-slate-50">
                    <td className="px-4 py-3">
                      <Link to={`/products/${product.id}`} className="font-medium text-brand-700 hover:underline">
                        {product.name}
                      </Link>
                    </td>
                    <td className="hidden px-4 py-3 text-slate-600 sm:table-cell">{product.category ?? '—'}</td>
                    <td className="px-4 py-3">
                      <Badge tone={STATUS_TONE[product.status]}>{PRODUCT_STATUS_LABELS[product.status]}</Badge>
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums">
                      {formatMoney(product.basePrice, product.currency)}
                    </td>
                    <td className="hidden px-4 py-3 text-right tabular-nums sm:table-cell">
                      {product.variants.length}
                    </td>
                    <td className="px-4 py-3 text-right tabular-nums">
                      {formatNumber(product.variants.reduce((sum, v) => sum + v.stock.available, 0))}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Card>
          )
        }
      </QueryState>
      <LoadMore query={products} />
    </>
  );
}
