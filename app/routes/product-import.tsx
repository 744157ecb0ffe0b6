import { useQueryClient } from '@tanstack/react-query';
import { FileUp } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { notify } from '../components/toast';
import { Badge, Button, Card, FormError, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import type { ImportReport } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Importar productos · Nexova' }];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const STATUS_LABEL = { created: 'Nuevo', updated: 'Actualiza', error: 'Error' } as const;
const STATUS_TONE = { created: 'green', updated: 'blue', error: 'red' } as const;

/** CSV import: a dry run first shows what each row would do and its errors; then the real import. */
export default function ProductImportPage() {
  const { can } = useWorkspace();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);

  if (!can('products:import'))
    return <Card className="p-5 text-sm text-slate-600">Tu rol no puede importar productos.</Card>;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'preview' : 'import');
    setError(null);
    try {
      const result = await api<ImportReport>('/products/import', {
        method: 'POST',
        query: { dryRun },
        rawBody: await file.arrayBuffer(),
        headers: { 'content-type': 'text/csv' },
      });
      setReport(result);
      if (!dryRun) {
        await queryClient.invalidateQueries({ queryKey: ['products'] });
        await queryClient.invalidateQueries({ queryKey: ['stock'] });
        notify(`Importación lista: ${result.summary.created} nuevos, ${result.summary.updated} actualizados`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Importar productos"
        description="Un CSV con una fila por variante (columnas sku, name, price, talle, color, stock…)."
      />
      <Card className="space-y-4 p-5">
        <label className="flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-slate-300 p-8 text-center hover:border-brand-500">
          <FileUp className="size-8 text-slate-400" aria-hidden />
          <span className="text-sm font-medium">{file ? file.name : 'Elegí un archivo CSV'}</span>
          <span className="text-xs text-slate-500">
            Hasta 2 MB y 5.000 filas. Excel en español (separador ;) también sirve.
          </span>
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
            }}
          />
        </label>
        <FormError error={error} />
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={!file} loading={busy === 'preview'} onClick={() => void run(true)}>
            Revisar sin guardar
          </Button>
          <Button
            disabled={!file || !report?.dryRun || report.summary.failed > 0}
            loading={busy === 'import'}
            onClick={() => void run(false)}
          >
            Importar
          </Button>
        </div>
        {report?.dryRun && report.summary.failed > 0 && (
          <p className="text-sm text-amber-700">
            Corregí las filas con error y volvé a revisar el archivo antes de importar.
          </p>
        )}
      </Card>
      {report && (
        <Card className="mt-6 overflow-x-auto">
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 p-4 text-sm">
            <strong>{report.dryRun ? 'Vista previa' : 'Resultado'}</strong>
            <span>{plural(report.summary.rows, 'fila', 'filas')}</span>
            <Badge tone="green">{plural(report.summary.created, 'nueva', 'nuevas')}</Badge>
            <Badge tone="blue">{plural(report.summary.updated, 'actualizada', 'actualizadas')}</Badge>
            <Badge tone={report.summary.failed ? 'red' : 'slate'}>{report.summary.failed} con error</Badge>
            {!report.dryRun && (
              <Link to="/products" className="ml-auto text-brand-600 hover:underline">
                Ver productos
              </Link>
            )}
          </div>
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase">
              <tr>
                <th className="px-4 py-2 font-medium">Línea</th>
                <th className="px-4 py-2 font-medium">SKU</th>
                <th className="px-4 py-2 font-medium">Resultado</th>
                <th className="px-4 py-2 font-medium">Errores</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.rows.map((row) => (
                <tr key={`${row.line}-${row.sku}`}>
                  <td className="px-4 py-2 tabular-nums">{row.line}</td>
                  <td className="px-4 py-2 font-mono text-xs whitespace-nowrap">{row.sku || '—'}</td>
                  <td className="px-4 py-2">
                    <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
                  </td>
                  <td className="px-4 py-2 text-red-700">{row.errors?.join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
