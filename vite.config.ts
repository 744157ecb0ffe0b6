import { cloudflare } from '@cloudflare/vite-plugin';
import { reactRouter } from '@react-router/dev/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';
import { devErrorsWithoutDetails } from './scripts/dev-errors';

/**
 * The dashboard and the API are one Worker (`wrangler.toml` → `workers/index.ts`): the Cloudflare
 * plugin runs it in workerd as Vite's `ssr` environment, so `vite dev` serves both on one origin
 * and `react-router build` emits `build/server` (the Worker plus its `wrangler.json`) and
 * `build/client` (the browser assets). `devErrorsWithoutDetails` (after the Cloudflare plugin)
 * keeps stack traces and paths out of the dev server's answers.
 */
export default defineConfig({
  plugins: [cloudflare({ viteEnvironment: { name: 'ssr' } }), tailwindcss(), reactRouter(), devErrorsWithoutDetails()],
});
