/**
 * `npm run bench:bundle`: the JavaScript a browser loads for the first paint of a route, from the
 * React Router build (`npm run build` first). It reads the assets manifest the server embeds in
 * every page (`build/client/assets/manifest-*.js`), follows the route's branch (root → layouts →
 * the route) plus the client entry, and prints each file with its raw and gzipped size and the
 * total. Lazily loaded chunks (e.g. the sales chart) are not part of it. Prints figures only; the
 * budget (≤ 250 KB gzipped on /login) is recorded in docs/benchmarks.md.
 *
 *   npm run bench:bundle            # /login
 *   npm run bench:bundle -- /orders # any route path of app/routes.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: string;
  imports?: string[];
  css?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

const CLIENT = fileURLToPath(new URL('../build/client', import.meta.url));
const target = process.argv[2] ?? '/login';

function readManifest(): Manifest {
  const assets = path.join(CLIENT, 'assets');
  let file: string | undefined;
  try {
    file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  } catch {
    // No build.
  }
  if (!file) throw new Error(`No React Router manifest in ${assets}: run \`npm run build\` first.`);
  const source = readFileSync(path.join(assets, file), 'utf8');
  return JSON.parse(source.slice(source.indexOf('=') + 1).replace(/;\s*$/, '')) as Manifest;
}

/** The routes from root to the one whose full path is `target` (static segments only). */
function branchFor(manifest: Manifest, pathname: string): ManifestRoute[] {
  const fullPath = (route: ManifestRoute): string => {
    const parent = route.parentId ? fullPath(manifest.routes[route.parentId]!) : '';
    return [parent, route.path ?? ''].filter(Boolean).join('/');
  };
  const wanted = pathname.replace(/^\/+|\/+$/g, '');
  const leaf = Object.values(manifest.routes).find(
    (route) => fullPath(route) === wanted && (wanted !== '' || route.index),
  );
  if (!leaf) throw new Error(`No route for ${pathname} in the manifest`);
  const branch: ManifestRoute[] = [];
  for (
    let route: ManifestRoute | undefined = leaf;
    route;
    route = route.parentId ? manifest.routes[route.parentId] : undefined
  ) {
    branch.unshift(route);
  }
  return branch;
}

const manifest = readManifest();
const branch = branchFor(manifest, target);
const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
for (const route of branch) {
  files.add(route.module);
  for (const file of route.imports ?? []) files.add(file);
}

const rows = [...files].map((file) => {
  const bytes = readFileSync(path.join(CLIENT, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
rows.sort((a, b) => b.gzip - a.gzip);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`JavaScript loaded by ${target} (routes: ${branch.map((r) => r.id).join(' → ')})\n`);
for (const row of rows) console.log(`  ${kb(row.gzip).padStart(9)} gz  ${kb(row.raw).padStart(9)} raw  ${row.file}`);
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), { raw: 0, gzip: 0 });
console.log(`\n  ${kb(total.gzip).padStart(9)} gz  ${kb(total.raw).padStart(9)} raw  total (${rows.length} files)`);
