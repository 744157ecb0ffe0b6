import { z } from 'zod';

// The Content-Security-Policy allows no eval. zod's compiled fast path probes `new Function` when
// an object schema is built; the probe is refused and the refusal reported as a CSP violation.
// Imported first by root.tsx, whose module the browser evaluates before any route's schemas.
// (Workers refuse code generation too, so the server loses nothing.)
z.config({ jitless: true });
