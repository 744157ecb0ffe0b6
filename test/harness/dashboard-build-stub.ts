/**
 * A minimal valid React Router server build, standing in for `virtual:react-router/server-build`
 * in the API tests (vitest.config.ts aliases it; the real one exists only after Vite builds the
 * dashboard). It goes through React Router's real request handler, so the tests prove the
 * Worker hands non-API paths to the dashboard; its document answers 503.
 */
import type { ServerBuild } from 'react-router';

export const DASHBOARD_STUB_BODY = 'dashboard not built in API tests';

const Root = () => null;

export const entry: ServerBuild['entry'] = {
  module: {
    default: () =>
      new Response(DASHBOARD_STUB_BODY, {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-dashboard-stub': '1' },
      }),
  },
};

export const routes: ServerBuild['routes'] = {
  root: { id: 'root', path: '', module: { default: Root } },
};

export const assets: ServerBuild['assets'] = {
  entry: { module: '/assets/entry.client.js', imports: [] },
  routes: {
    root: {
      id: 'root',
      path: '',
      module: '/assets/root.js',
      hasAction: false,
      hasLoader: false,
      hasClientAction: false,
      hasClientLoader: false,
      hasClientMiddleware: false,
      hasErrorBoundary: false,
      clientActionModule: undefined,
      clientLoaderModule: undefined,
      clientMiddlewareModule: undefined,
      hydrateFallbackModule: undefined,
    },
  },
  url: '/assets/manifest.js',
  version: 'stub',
};

export const basename = '/';
export const publicPath = '/';
export const assetsBuildDirectory = 'build/client';
export const future: ServerBuild['future'] = {};
export const ssr = true;
export const isSpaMode = false;
export const prerender: string[] = [];
export const routeDiscovery: ServerBuild['routeDiscovery'] = { mode: 'lazy', manifestPath: '/__manifest' };
