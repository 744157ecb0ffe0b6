import { useQuery } from '@tanstack/react-query';
import { FileText, Paperclip, Upload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { notify } from '../toast';
import { Button, Card, ErrorState, LoadingState, errorMessage } from '../ui';
import { api, fetchObjectUrl } from '../../lib/api';
import type { Attachment, Order } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { useRefreshOrder } from './use-refresh-order';

/** A button that uploads one file to `path` and refreshes the order. */
export function UploadButton({ path, label, order }: { path: string; label: string; order: Order }) {
  const input = useRef<HTMLInputElement>(null);
  const refresh = useRefreshOrder(order);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button variant="secondary" loading={busy} onClick={() => input.current?.click()}>
        <Upload className="size-4" aria-hidden />
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
        className="sr-only"
        aria-label={label}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          try {
            const data = new FormData();
            data.append('file', file);
            await api(path, { method: 'POST', rawBody: data });
            await refresh();
            notify('Archivo subido');
          } catch (error) {
            notify(errorMessage(error), 'error');
          } finally {
            setBusy(false);
          }
        }}
      />
    </>
  );
}

/** Receipts and files attached to the order, with image previews. */
export function Attachments({ order }: { order: Order }) {
  const { can } = useWorkspace();
  const files = useQuery({
    queryKey: ['order-attachments', order.id],
    queryFn: () => api<{ data: Attachment[] }>(`/orders/${order.id}/attachments`).then((r) => r.data),
  });
  return (
    <Card>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 className="flex items-center gap-2 font-semibold">
          <Paperclip className="size-4 text-slate-500" aria-hidden />
          Comprobantes y archivos
        </h2>
        {can('files:upload') && (
          <UploadButton path={`/orders/${order.id}/attachments`} label="Subir archivo" order={order} />
        )}
      </div>
      {files.isPending ? (
        <LoadingState />
      ) : files.isError ? (
        <ErrorState error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No hay archivos adjuntos.</p>
      ) : (
        <ul className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-3">
          {files.data.map((file) => (
            <li key={file.id}>
              <AttachmentPreview attachment={file} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function AttachmentPreview({ attachment }: { attachment: Attachment }) {
  const isImage = attachment.contentType.startsWith('image/') && attachment.contentType !== 'image/heic';
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!isImage) return;
    let revoked = false;
    let objectUrl: string | null = null;
    fetchObjectUrl(`/attachments/${attachment.id}`).then((u) => {
      objectUrl = u;
      if (revoked) URL.revokeObjectURL(u);
      else setUrl(u);
    }, setError);
    return () => {
      revoked = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.id, isImage]);
  const open = async () => {
    try {
      window.open(await fetchObjectUrl(`/attachments/${attachment.id}`), '_blank', 'noopener');
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <button
      type="button"
      onClick={() => void open()}
      className="block w-full overflow-hidden rounded-md border border-slate-200 text-left hover:border-brand-500"
    >
      <div className="flex h-32 items-center justify-center bg-slate-50">
        {isImage && url ? (
          <img src={url} alt={attachment.filename ?? 'Comprobante'} className="h-full w-full object-contain" />
        ) : error ? (
          <span className="px-2 text-xs text-red-600">{errorMessage(error)}</span>
        ) : (
          <FileText className="size-10 text-slate-400" aria-hidden />
        )}
      </div>
      <span className="block truncate px-2 py-1.5 text-xs text-slate-600">{attachment.filename ?? attachment.id}</span>
    </button>
  );
}
