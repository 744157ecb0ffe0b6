/**
 * `npm run audit`: `npm audit` of the installed packages, failing on an advisory of moderate
 * severity or worse unless `.ci/audit-allowlist.json` accepts it (each entry says why and until
 * when). Where the registry does not serve the audit API (this workplace answers 405) the audit
 * is skipped with a message saying so; the hosted CI (.github/workflows/ci.yml) runs it for real.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface AllowEntry {
  /** GitHub advisory URL or id (GHSA-…). */
  advisory: string;
  reason: string;
  /** ISO date after which the entry no longer applies. */
  until: string;
}
interface AuditReport {
  statusCode?: number;
  message?: string;
  vulnerabilities?: Record<
    string,
    { severity: string; via: (string | { url?: string; title?: string; severity: string })[] }
  >;
}

const FAILING = new Set(['moderate', 'high', 'critical']);
const allowlist = (JSON.parse(readFileSync('.ci/audit-allowlist.json', 'utf8')) as { advisories: AllowEntry[] })
  .advisories;
const today = new Date().toISOString().slice(0, 10);
const allowed = new Set(allowlist.filter((entry) => entry.until >= today).map((entry) => entry.advisory));

const result = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: AuditReport;
try {
  report = JSON.parse(result.stdout) as AuditReport;
} catch {
  console.error(`[audit] npm audit gave no report: ${result.stderr.trim().slice(0, 500)}`);
  process.exit(1);
}
if (report.statusCode === 405 || report.statusCode === 404 || /Method Not Allowed/.test(report.message ?? '')) {
  console.log(
    `[audit] SKIPPED: the npm registry reached from here does not serve the audit API (${report.statusCode}: ${report.message}). ` +
      'The hosted CI (.github/workflows/ci.yml) runs npm audit for real.',
  );
  process.exit(0);
}
const findings = Object.entries(report.vulnerabilities ?? {}).flatMap(([name, vulnerability]) =>
  vulnerability.via
    .filter((via): via is Exclude<typeof via, string> => typeof via !== 'string')
    .filter((via) => FAILING.has(via.severity))
    .map((via) => ({ name, url: via.url ?? '', title: via.title ?? '', severity: via.severity })),
);
const refused = findings.filter(
  (f) => ![...allowed].some((advisory) => f.url.endsWith(advisory) || f.url === advisory),
);
for (const f of findings) {
  console.log(`[audit] ${refused.includes(f) ? 'REFUSED' : 'allowed'} ${f.severity} ${f.name}: ${f.title} ${f.url}`);
}
console.log(
  `[audit] ${findings.length} advisories of moderate or worse, ${refused.length} not in .ci/audit-allowlist.json`,
);
if (refused.length) process.exitCode = 1;
