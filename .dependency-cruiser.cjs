/**
 * Import rules (ARCHITECTURE §4), checked by `npm run lint` with dependency-cruiser.
 * Arrows point one way:
 *   entry (workers/index.ts, front.ts, scheduled.ts, dashboard.ts, env.ts, http/, queues/, durable-objects/)
 *     → workers/whatsapp → workers/agent → workers/retail → workers/core → db/
 * Type-only imports count (tsPreCompilationDeps), so a domain file cannot sit in a type cycle
 * with the entry either: domain modules type only the bindings they use, never the whole `Env`.
 * Changing a rule needs an ADR (docs/adr/0005-layers-and-dependency-rules.md).
 */
const ENTRY =
  '^(workers/(index|front|scheduled|dashboard|env)\\.ts|workers/cloudflare-env\\.d\\.ts|workers/(http|queues)/|durable-objects/)';

/** One rule per layer: it may import only what is below it. */
const layer = (name, from, forbidden) => ({
  name,
  severity: 'error',
  comment: `${from} may only import the layers below it (ARCHITECTURE §4).`,
  from: { path: from },
  to: { path: forbidden },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle (type-only imports included) ties modules together that the layers keep apart.',
      from: {},
      to: { circular: true },
    },
    layer('db-depends-on-nothing-above', '^db/', '^(workers|durable-objects|app|scripts|test|bench)/'),
    layer('core-knows-no-domain', '^workers/core/', `${ENTRY}|^workers/(retail|agent|whatsapp)/`),
    layer('retail-below-agent', '^workers/retail/', `${ENTRY}|^workers/(agent|whatsapp)/`),
    layer('agent-below-whatsapp', '^workers/agent/', `${ENTRY}|^workers/whatsapp/`),
    layer('whatsapp-below-entry', '^workers/whatsapp/', ENTRY),
    {
      name: 'domain-without-hono',
      severity: 'error',
      comment: 'Domain modules take dependencies as arguments and return results; HTTP belongs to workers/http.',
      from: { path: '^workers/(core|retail|agent|whatsapp)/' },
      to: { path: '(^|/)node_modules/(hono|@hono/[^/]+)/' },
    },
    {
      name: 'app-over-http-only',
      severity: 'error',
      comment:
        'app/ talks to the server over HTTP; it may import shared zod schemas, enum arrays and types (a `schema`, `schemas`, `enums` or `types` module) but no other server code.',
      from: { path: '^app/' },
      to: { path: '^(workers|durable-objects|db|scripts)/', pathNot: '(^|/)(schema|schemas|enums|types)(/|\\.ts$)' },
    },
    {
      name: 'app-without-drizzle',
      severity: 'error',
      comment: 'drizzle must not reach the browser bundle: import db/schema types with `import type`.',
      from: { path: '^app/' },
      to: { path: '(^|/)node_modules/drizzle-orm/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'offline-provider-is-private',
      severity: 'error',
      comment:
        'The offline model is one LlmProvider behind workers/agent/llm/offline.ts; nothing else uses its internals.',
      from: { path: '^(workers|durable-objects)/', pathNot: '^workers/agent/llm/offline(\\.ts$|/)' },
      to: { path: '^workers/agent/llm/offline/' },
    },
    {
      name: 'production-without-tests',
      severity: 'error',
      from: { path: '^(workers|durable-objects|db|app)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|build|dist|coverage|\\.react-router|\\.wrangler|\\.nexova)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
