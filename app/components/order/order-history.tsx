import { Card } from '../ui';
import { ACTOR_LABELS, formatDateTime, ORDER_STATUS_LABELS } from '../../lib/format';
import type { Order } from '../../lib/types';

/** The status changes, oldest first, with who made each. */
export function OrderHistory({ order: o, timezone }: { order: Order; timezone: string }) {
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">Historial</h2>
      <ol className="relative space-y-4 border-l border-slate-200 pl-4 text-sm">
        {o.history.map((h) => (
          <li key={h.id}>
            <span
              className="absolute -left-1.5 mt-1 size-3 rounded-full border-2 border-white bg-brand-500"
              aria-hidden
            />
            <p className="font-medium">{ORDER_STATUS_LABELS[h.to]}</p>
            <p className="text-xs text-slate-500">
              {formatDateTime(h.createdAt, timezone)} · {h.actor.name ?? ACTOR_LABELS[h.actor.type]}
            </p>
            {h.reason && <p className="text-xs text-slate-600">{h.reason}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
