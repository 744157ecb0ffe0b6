/**
 * One metrics interface for the whole Worker. Production writes data points to the Analytics
 * Engine binding (queried with SQL on Cloudflare's side); development and tests keep counters
 * in memory and render them as Prometheus text at `GET /metrics`.
 */
export interface Metrics {
  /** Records one HTTP request: `http_requests_total` and `http_request_duration_seconds`. */
  recordRequest(sample: { method: string; route: string; status: number; durationMs: number }): void;
  /** Adds 1 (or `by`) to a counter, e.g. `idempotency_requests_total{route,outcome}`. */
  increment(name: string, labels: Record<string, string>, by?: number): void;
}

const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

/** In-memory registry (per isolate). */
export class InMemoryMetrics implements Metrics {
  private readonly totals = new Map<string, number>();
  private readonly durations = new Map<string, Series>();
  private readonly counters = new Map<string, Map<string, number>>();

  increment(name: string, values: Record<string, string>, by = 1) {
    const series = this.counters.get(name) ?? new Map<string, number>();
    const key = labels(values);
    series.set(key, (series.get(key) ?? 0) + by);
    this.counters.set(name, series);
  }

  recordRequest({
    method,
    route,
    status,
    durationMs,
  }: {
    method: string;
    route: string;
    status: number;
    durationMs: number;
  }) {
    const totalKey = labels({ method, route, status: String(status) });
    this.totals.set(totalKey, (this.totals.get(totalKey) ?? 0) + 1);
    const durationKey = labels({ method, route });
    const series = this.durations.get(durationKey) ?? { count: 0, sum: 0, buckets: BUCKETS_SECONDS.map(() => 0) };
    const seconds = durationMs / 1000;
    series.count += 1;
    series.sum += seconds;
    BUCKETS_SECONDS.forEach((le, i) => {
      if (seconds <= le) series.buckets[i]! += 1;
    });
    this.durations.set(durationKey, series);
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const lines = ['# HELP http_requests_total HTTP requests handled.', '# TYPE http_requests_total counter'];
    for (const [key, value] of this.totals) lines.push(`http_requests_total{${key}} ${value}`);
    lines.push(
      '# HELP http_request_duration_seconds HTTP request duration.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const [key, s] of this.durations) {
      BUCKETS_SECONDS.forEach((le, i) =>
        lines.push(`http_request_duration_seconds_bucket{${key},le="${le}"} ${s.buckets[i]}`),
      );
      lines.push(`http_request_duration_seconds_bucket{${key},le="+Inf"} ${s.count}`);
      lines.push(`http_request_duration_seconds_sum{${key}} ${s.sum}`);
      lines.push(`http_request_duration_seconds_count{${key}} ${s.count}`);
    }
    for (const [name, series] of this.counters) {
      lines.push(`# TYPE ${name} counter`);
      for (const [key, value] of series) lines.push(`${name}{${key}} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Analytics Engine: one data point per request; blobs are labels, doubles are values. */
export class AnalyticsEngineMetrics implements Metrics {
  constructor(private readonly dataset: AnalyticsEngineDataset) {}

  increment(name: string, values: Record<string, string>, by = 1) {
    this.dataset.writeDataPoint({ indexes: [name], blobs: [name, ...Object.values(values)], doubles: [by] });
  }

  recordRequest({
    method,
    route,
    status,
    durationMs,
  }: {
    method: string;
    route: string;
    status: number;
    durationMs: number;
  }) {
    this.dataset.writeDataPoint({ indexes: [route], blobs: [method, route, String(status)], doubles: [durationMs] });
  }
}

function labels(values: Record<string, string>) {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)
    .join(',');
}

export const devMetrics = new InMemoryMetrics();
