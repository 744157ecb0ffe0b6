import { create } from 'zustand';
import type { RealtimeStatus } from '../lib/realtime-machine';

interface RealtimeState {
  /** The workspace socket's state, for the header indicator; `idle` when no workspace is open. */
  status: RealtimeStatus | 'idle';
}

/** Written only by the connection in app/lib/realtime.ts. */
export const useRealtimeStore = create<RealtimeState>(() => ({ status: 'idle' }));
