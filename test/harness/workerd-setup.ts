// Loaded before every test file of the workerd project, after setup.ts. Tests that call domain
// functions directly (not through SELF) hash passwords too: give them the run's lower Argon2
// cost (ARGON2_TEST_PARAMS in vitest.config.ts) as the Worker entry does for every request.
import { env } from 'cloudflare:workers';
import { configurePasswordHashing } from '../../workers/core/auth/password';
// The Worker's whole module graph, loaded here (once per run: one workerd, modules kept) rather
// than inside the first test that calls it, where a loaded machine took over the test timeout.
import '../../workers/index';

configurePasswordHashing(env);
