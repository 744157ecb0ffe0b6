import { useQuery } from '@tanstack/react-query';
import { Bell, BellOff } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api';
import type { Conversation, Page } from '../lib/types';

/**
 * Watches the conversations waiting for a human (polling; there is no realtime channel yet) and
 * raises a browser notification when a new one appears, so an operator on another tab notices.
 * Renders the button that asks for the notification permission.
 */
export function HandoffNotifier() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>('default');
  useEffect(() => setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission), []);
  const waiting = useQuery({
    queryKey: ['conversations', 'handoffs'],
    queryFn: () => api<Page<Conversation>>('/conversations', { query: { owner: 'human', limit: 50 } }),
    refetchInterval: 15_000,
    refetchIntervalInBackground: true,
  });
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const handoffs = waiting.data?.items.filter((c) => c.state === 'HANDOFF' && !c.assignedUserId) ?? [];
    if (!waiting.data) return;
    if (seen.current && permission === 'granted') {
      for (const c of handoffs.filter((h) => !seen.current!.has(h.id))) {
        const notification = new Notification('Nexova: un cliente necesita atención', {
          body: `${c.customer?.name ?? c.contact}${c.handoffReason ? ` — ${c.handoffReason}` : ''}`,
          tag: `handoff-${c.id}`,
        });
        notification.onclick = () => {
          window.focus();
          window.location.assign(`/inbox?c=${c.id}`);
        };
      }
    }
    seen.current = new Set(handoffs.map((h) => h.id));
  }, [waiting.data, permission]);

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
