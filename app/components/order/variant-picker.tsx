import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Input, LoadingState } from '../ui';
import { api } from '../../lib/api';
import { attributesLabel, formatMoney } from '../../lib/format';
import type { Page, Product, Variant } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';

/** A variant chosen for an order line, with what the picker showed about it. */
export interface PickedVariant {
  variantId: string;
  name: string;
  sku: string;
  attributes: Record<string, string>;
  price: number;
  available: number;
}

/** Search by product name or SKU; each active variant with its price and live available stock. */
export function VariantPicker({ onPick, exclude = [] }: { onPick: (v: PickedVariant) => void; exclude?: string[] }) {
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const products = useQuery({
    queryKey: ['products', 'picker', search],
    queryFn: () =>
      api<Page<Product>>('/products', { query: { q: search.trim() || undefined, status: 'ACTIVE', limit: 8 } }),
  });
  const options = (products.data?.items ?? []).flatMap((p) =>
    p.variants
      .filter((v: Variant) => v.status === 'ACTIVE' && !exclude.includes(v.id))
      .map((v: Variant) => ({
        variantId: v.id,
        name: p.name,
        sku: v.sku,
        attributes: v.attributes,
        price: v.price,
        available: v.stock.available,
        currency: p.currency,
      })),
  );
  return (
    <div className="space-y-2">
      <Input
        type="search"
        aria-label="Buscar producto o SKU"
        placeholder="Buscar producto o SKU"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {products.isPending ? (
        <LoadingState />
      ) : options.length === 0 ? (
        <p className="px-1 text-sm text-slate-600">No hay productos activos que coincidan.</p>
      ) : (
        <ul
          className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200"
          aria-label="Variantes"
        >
          {options.map((o) => (
            <li key={o.variantId}>
              <button
                type="button"
                disabled={o.available <= 0}
                onClick={() => onPick(o)}
                className="flex w-full items-center gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50"
              >
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{o.name}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {o.sku}
                    {Object.keys(o.attributes).length ? ` · ${attributesLabel(o.attributes)}` : ''}
                  </span>
                </span>
                <span className="text-right">
                  <span className="block tabular-nums">{formatMoney(o.price, o.currency)}</span>
                  <span className={`block text-xs ${o.available > 0 ? 'text-slate-500' : 'text-red-600'}`}>
                    {o.available > 0 ? `${o.available} disponibles` : 'Sin stock'}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
