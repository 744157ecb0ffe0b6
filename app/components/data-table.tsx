/**
 * The pieces every list screen repeats (orders, products, customers, stock, operations,
 * approvals): the search box, the loading / error / empty switch around a query, the table with
 * its header row, and the "load more" button of an infinite list.
 */
import { Search } from 'lucide-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, cx, EmptyState, ErrorState, Input, LoadingState } from './ui';

/** What `QueryState` reads of a TanStack query (plain or infinite). */
interface QueryStatus {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * Loading, then an error with retry, then the empty state (when `empty` is given) or the
 * content. `children` is a function so the content is built only once the data is there.
 */
export function QueryState({
  query,
  empty,
  loadingLabel,
  children,
}: {
  query: QueryStatus;
  /** The empty state to show instead of the content; `false`/`undefined` when there is data. */
  empty?: { title: string; description?: string; action?: ReactNode } | false | null;
  loadingLabel?: string;
  children: () => ReactNode;
}) {
  if (query.isPending) return <LoadingState label={loadingLabel} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (empty)
    return (
      <Card>
        <EmptyState title={empty.title} description={empty.description} action={empty.action} />
      </Card>
    );
  return <>{children()}</>;
}

/** "Cargar más" under an infinite list, while the server says there is a next page. */
export function LoadMore({
  query,
  className = 'mt-4',
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  className?: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className={cx('flex justify-center', className)}>
      <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        Cargar más
      </Button>
    </div>
  );
}

/** A search input with the magnifier icon; `label` is its accessible name. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  className,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <div className={cx('relative', className)}>
      <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        className="pl-9"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export interface Column {
  label: ReactNode;
  align?: 'right';
  /** Extra classes for the header cell (e.g. `hidden sm:table-cell`). */
  className?: string;
  /** Read by screen readers only (an actions column). */
  srOnly?: boolean;
}

/** A table with the dashboard's header row; `children` are the body rows. */
export function DataTable({
  columns,
  children,
  className,
  dense,
  label,
}: {
  columns: Column[];
  children: ReactNode;
  className?: string;
  /** Tighter rows, for tables inside dialogs. */
  dense?: boolean;
  label?: string;
}) {
  const pad = dense ? 'px-4 py-2' : 'px-4 py-3';
  return (
    <table className={cx('w-full text-left text-sm', className)} aria-label={label}>
      <thead className={cx('bg-slate-50 text-xs text-slate-600 uppercase', !dense && 'border-b border-slate-200')}>
        <tr>
          {columns.map((column, i) => (
            <th key={i} className={cx(pad, 'font-medium', column.align === 'right' && 'text-right', column.className)}>
              {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}

/**
 * List filters kept in the URL (so a filtered view can be linked and survives a reload):
 * `update({ q: 'remera' })` sets a key, an empty value removes it. `reset` names keys that go
 * away whenever another filter changes (the page trail of a paged list).
 */
export function useUrlFilters(reset: readonly string[] = []) {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        for (const key of reset) if (!(key in changes)) next.delete(key);
        return next;
      },
      { replace: true },
    );
  return [params, update] as const;
}
