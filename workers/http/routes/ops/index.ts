import { newApp } from '../../app';
import { registerQueueOverview } from './queues';

/** `/api/v1/ops/*`: operations views (permission `ops:read`). */
export const opsRoutes = newApp();
registerQueueOverview(opsRoutes);
