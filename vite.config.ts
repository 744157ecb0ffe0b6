import { cloudflare } from '@cloudflare/vite-plugin';
import { reactRouter } from '@react-router/dev/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

/**
 * The dashboard and the API are one Worker (`wrangler.toml` → `workers/index.ts`): the Cloudflare
 * plugin runs it in workerd as Vite's `ssr` environment, so `vite dev` serves both on one origin
 * and `react-router build` emits `build/server` (the Worker plus its `wrangler.json`) and
 * `build/client` (the browser assets).
 */
export default defineConfig({
  plugins: [cloudflare({ viteEnvironment: { name: 'ssr' } }), tailwindcss(), reactRouter()],
});
