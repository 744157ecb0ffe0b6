import type { Config } from '@react-router/dev/config';

/**
 * Server rendering of the shell only: every screen fetches its data in the browser through
 * `/api/v1` with TanStack Query (no loaders reach the database), so the API stays the one
 * place that authenticates and authorises.
 */
export default {
  appDirectory: 'app',
  ssr: true,
} satisfies Config;
