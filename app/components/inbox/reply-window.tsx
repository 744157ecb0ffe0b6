import { Clock } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { Conversation } from '../../lib/types';
import { cx } from '../ui';

const WINDOW_MS = 24 * 3_600_000;

/**
 * When WhatsApp's 24 h reply window closes, as epoch ms, or null when it is closed. The API's
 * `windowExpiresAt` is the authority; older answers without it fall back to the customer's last
 * message + 24 h.
 */
export function windowExpiry(c: Pick<Conversation, 'windowExpiresAt' | 'lastCustomerMessageAt'>): number | null {
  if (c.windowExpiresAt !== undefined) return c.windowExpiresAt ? Date.parse(c.windowExpiresAt) : null;
  return c.lastCustomerMessageAt ? Date.parse(c.lastCustomerMessageAt) + WINDOW_MS : null;
}

export function isWindowOpen(expiry: number | null, now: number): boolean {
  return expiry !== null && expiry > now;
}

/** "Ventana abierta: 3 h 12 min" / "Ventana cerrada". */
export function windowLabel(expiry: number | null, now: number): string {
  if (!isWindowOpen(expiry, now)) return 'Ventana cerrada';
  const left = expiry! - now;
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return `Ventana abierta: ${hours ? `${hours} h ` : ''}${minutes} min`;
}

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
