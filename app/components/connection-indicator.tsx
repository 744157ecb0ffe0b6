import * as Tooltip from '@radix-ui/react-tooltip';
import type { RealtimeStatus } from '../lib/realtime-machine';
import { useRealtimeStore } from '../stores/realtime';
import { cx } from './ui';

const LOOK: Record<RealtimeStatus | 'idle', { label: string; dot: string; text: string; help: string }> = {
  idle: {
    label: 'Conectando…',
    dot: 'bg-slate-300',
    text: 'text-slate-500',
    help: 'Conectando con el servidor para recibir los cambios al instante.',
  },
  connecting: {
    label: 'Conectando…',
    dot: 'bg-slate-300',
    text: 'text-slate-500',
    help: 'Conectando con el servidor para recibir los cambios al instante.',
  },
  open: {
    label: 'En vivo',
    dot: 'bg-emerald-500',
    text: 'text-emerald-700',
    help: 'Los mensajes, pedidos y alertas nuevas aparecen solos, sin recargar.',
  },
  reconnecting: {
    label: 'Reconectando…',
    dot: 'bg-amber-500 animate-pulse',
    text: 'text-amber-700',
    help: 'Se cortó la conexión en tiempo real; reintentando. Mientras tanto los datos se actualizan cada minuto.',
  },
  offline: {
    label: 'Sin conexión',
    dot: 'bg-red-500',
    text: 'text-red-700',
    help: 'No hay conexión con el servidor. Seguimos reintentando; revisá tu conexión a internet.',
  },
};

/** The realtime connection's state in the app header: a dot and a word, announced when it changes. */
export function ConnectionIndicator() {
  const status = useRealtimeStore((s) => s.status);
  const look = LOOK[status];
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <span
          role="status"
          aria-live="polite"
          tabIndex={0}
          data-status={status}
          className={cx(
            'flex shrink-0 items-center gap-1.5 rounded-full border border-slate-200 px-2 py-1 text-xs whitespace-nowrap',
            look.text,
          )}
        >
          <span className={cx('size-2 rounded-full', look.dot)} aria-hidden />
          {look.label}
        </span>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content sideOffset={6} className="z-50 max-w-64 rounded bg-slate-900 px-2 py-1 text-xs text-white">
          {look.help}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
