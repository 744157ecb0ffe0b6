import { newApp } from '../../app';
import { registerConnectRealtime } from './connect';
import { registerCreateRealtimeTicket } from './token';

/** `/api/v1/realtime/token` and the `/api/v1/realtime` WebSocket (the workspace's WorkspaceHub). */
export const realtimeRoutes = newApp();
registerCreateRealtimeTicket(realtimeRoutes);
registerConnectRealtime(realtimeRoutes);
