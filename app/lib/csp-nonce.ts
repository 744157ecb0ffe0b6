import { createContext } from 'react-router';

/**
 * This request's Content-Security-Policy nonce, which the Worker puts in the CSP header and in
 * the load context (workers/dashboard.ts); the server render stamps it on its inline scripts.
 */
export const cspNonce = createContext<string | undefined>(undefined);
