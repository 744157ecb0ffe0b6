import { afterAll, afterEach } from 'vitest';
import { failOnCspViolations } from './browser';

// Every browser test runs under the Worker's real CSP and fails on a violation in its pages.
afterEach(failOnCspViolations);
afterAll(failOnCspViolations);
