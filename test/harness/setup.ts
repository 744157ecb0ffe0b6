// Loaded before every test file, like the first import of workers/index.ts: @hono/zod-openapi
// extends zod's schema classes with `.openapi()`, and zod 4 gives each schema its methods when
// it is created, so the extension must run before any schema module (domain or route) loads.
import '@hono/zod-openapi';
