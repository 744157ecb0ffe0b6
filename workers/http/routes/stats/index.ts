import { newApp } from '../../app';
import { registerStatsSummary } from './summary';

/** `/api/v1/stats/*`: the dashboard's aggregate figures (each section behind its read permission). */
export const statsRoutes = newApp();
registerStatsSummary(statsRoutes);
