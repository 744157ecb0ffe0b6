import { useQuery } from '@tanstack/react-query';
import { Bell, BellOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { useRealtimeEvent } from '../lib/realtime';
import type { Conversation, Page } from '../lib/types';

/**
 * The badge of conversations waiting for a human, and a browser notification (with permission)
 * for each `handoff:requested` realtime event, so an operator on another tab notices. The count
 * is fetched once and refreshed when realtime events make it stale (see realtime-events.ts).
 * Renders the button that asks for the notification permission.
 */
export function HandoffNotifier() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>('default');
  useEffect(() => setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission), []);
  const waiting = useQuery({
    queryKey: ['conversations', 'pending-handoffs'],
    queryFn: () => api<Page<Conversation>>('/conversations', { query: { owner: 'human', limit: 50 } }),
    // Fresh until a realtime event (or the fallback refresh while disconnected) says otherwise.
    staleTime: Infinity,
  });
  useRealtimeEvent('handoff:requested', (event) => {
    if (permission !== 'granted') return;
    const sessionId = String(event.data.sessionId ?? '');
    const who = typeof event.data.customerName === 'string' ? event.data.customerName : 'Un cliente';
    const reason = typeof event.data.reason === 'string' && event.data.reason ? ` — ${event.data.reason}` : '';
    const notification = new Notification('Nexova: un cliente necesita atención', {
      body: `${who}${reason}`,
      // One notification per conversation even when several tabs are open.
      tag: `handoff-${sessionId}`,
    });
    notification.onclick = () => {
      window.focus();
      window.location.assign(`/inbox?c=${encodeURIComponent(sessionId)}`);
    };
  });

  if (permission === 'unsupported') return null;
  const pending = waiting.data?.items.filter((c) => c.state === 'HANDOFF' && !c.assignedUserId).length ?? 0;
  return (
    <button
      type="button"
      onClick={async () => permission === 'default' && setPermission(await Notification.requestPermission())}
      className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100"
      aria-label={
        permission === 'granted'
          ? `Avisos activados. ${pending} conversaciones esperan a una persona`
          : permission === 'denied'
            ? 'Avisos bloqueados en el navegador'
            : 'Activar avisos de conversaciones derivadas'
      }
      title={permission === 'granted' ? 'Avisos activados' : 'Activar avisos'}
    >
      {permission === 'denied' ? <BellOff className="size-5" aria-hidden /> : <Bell className="size-5" aria-hidden />}
      {pending > 0 && (
        <span className="absolute -top-0.5 -right-0.5 flex size-4 items-center justify-center rounded-full bg-red-600 text-[10px] font-semibold text-white">
          {pending}
        </span>
      )}
    </button>
  );
}
