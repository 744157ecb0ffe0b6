import { Clock } from 'lucide-react';
import { useEffect, useState } from 'react';
import { cx } from '../ui';
import { isWindowOpen, windowLabel } from './reply-rules';

/** The current time, refreshed every `everyMs` (countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function WindowCountdown({ expiry, now }: { expiry: number | null; now: number }) {
  const open = isWindowOpen(expiry, now);
  return (
    <span
      className={cx('flex items-center gap-1', open ? 'text-slate-600' : 'font-medium text-amber-700')}
      title="WhatsApp permite mensajes libres hasta 24 h después del último mensaje del cliente; después, solo plantillas aprobadas."
    >
      <Clock className="size-3.5" aria-hidden />
      {windowLabel(expiry, now)}
    </span>
  );
}
