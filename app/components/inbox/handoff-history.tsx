import { formatDateTime } from '../../lib/format';
import type { ConversationHandoff } from '../../lib/types';
import { errorMessage, Spinner } from '../ui';
import { useHandoffs } from './hooks';

/** Who asked for or ended a human stretch: the agent, the system, or a member of the team. */
function actorLabel(actor: string | null, nameOf: (userId: string) => string | null): string {
  if (!actor) return '—';
  if (actor === 'agent') return 'el agente';
  if (actor === 'customer') return 'el cliente';
  if (actor === 'system') return 'el sistema';
  return nameOf(actor) ?? 'un operador';
}

/** "La tomaste vos" for the reader, "La tomó Ana Pérez" for anyone else. */
function did(actor: string, nameOf: (userId: string) => string | null, second: string, third: string): string {
  const who = actorLabel(actor, nameOf);
  return who === 'vos' ? `${second} vos` : `${third} ${who}`;
}

/** The conversation's human stretches, newest first, in the workspace's time zone. */
export function HandoffHistory({
  conversationId,
  timezone,
  nameOf,
}: {
  conversationId: string;
  timezone: string;
  nameOf: (userId: string) => string | null;
}) {
  const handoffs = useHandoffs(conversationId);
  return (
    <div className="space-y-2">
      <h3 className="flex items-center gap-2 font-semibold">
        Historial de derivaciones {handoffs.isFetching && !handoffs.isPending && <Spinner className="size-3" />}
      </h3>
      {handoffs.isPending ? (
        <Spinner />
      ) : handoffs.isError ? (
        <p className="text-red-700" role="alert">
          {errorMessage(handoffs.error)}{' '}
          <button type="button" className="underline" onClick={() => void handoffs.refetch()}>
            Reintentar
          </button>
        </p>
      ) : handoffs.data.length === 0 ? (
        <p className="text-slate-600">Nunca pasó a una persona.</p>
      ) : (
        <ol className="space-y-2" aria-label="Historial de derivaciones">
          {[...handoffs.data]
            .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
            .map((h) => (
              <HandoffItem key={h.id} handoff={h} timezone={timezone} nameOf={nameOf} />
            ))}
        </ol>
      )}
    </div>
  );
}

function HandoffItem({
  handoff: h,
  timezone,
  nameOf,
}: {
  handoff: ConversationHandoff;
  timezone: string;
  nameOf: (userId: string) => string | null;
}) {
  return (
    <li className="rounded-md border border-slate-200 px-3 py-2 text-xs text-slate-600">
      <p className="text-sm font-medium text-slate-800">{h.reason ?? 'Sin motivo'}</p>
      <p>Pedida por {actorLabel(h.requestedBy, nameOf)}</p>
      <p>
        {h.assignedUserId ? (
          <>
            {did(h.assignedUserId, nameOf, 'La tomaste', 'La tomó')}
            {h.assignedAt && ` (${formatDateTime(h.assignedAt, timezone)})`}
          </>
        ) : (
          'Nadie la tomó'
        )}
      </p>
      <p>
        {formatDateTime(h.startedAt, timezone)} →{' '}
        {h.endedAt ? (
          <>
            {formatDateTime(h.endedAt, timezone)}
            {h.endedBy && `, ${did(h.endedBy, nameOf, 'la devolviste', 'la devolvió')}`}
          </>
        ) : (
          <span className="font-medium text-amber-700">en curso</span>
        )}
      </p>
    </li>
  );
}
