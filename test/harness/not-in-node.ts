// What `cloudflare:workers` and `cloudflare:test` resolve to in the Node test project
// (vitest.config.ts): a test file there that needs the Workers runtime fails with this message.
throw new Error(
  'This test imports the Workers runtime (cloudflare:*), directly or through a harness module, but runs in the Node ' +
    'project. Name it `*.workerd.test.ts` (or put it under test/integration) so it runs inside workerd.',
);
