import type { Bindings } from '../bindings';
import { AnalyticsEngineMetrics, devMetrics, type Metrics } from './metrics';

/** Analytics Engine in production, the in-memory registry elsewhere. */
export function metricsFor(env: Pick<Bindings, 'ENVIRONMENT' | 'METRICS'>): Metrics {
  if (env.ENVIRONMENT === 'production' && env.METRICS) return new AnalyticsEngineMetrics(env.METRICS);
  return devMetrics;
}
