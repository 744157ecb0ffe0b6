/**
 * pg_dump and pg_restore: PostgreSQL's own client tools, from PATH (Debian/Ubuntu
 * `postgresql-client`; `.ci/run` installs it) or from `PG_BIN` when set. pg_dump refuses a server
 * newer than itself, so the major versions are compared first, with a message that says which
 * client to install.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export type PgTool = 'pg_dump' | 'pg_restore';

export function pgTool(tool: PgTool): string {
  return process.env.PG_BIN ? path.join(process.env.PG_BIN, tool) : tool;
}

/** The tool's major version, or an error saying how to install it. */
export function pgToolMajor(tool: PgTool): number {
  const result = spawnSync(pgTool(tool), ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `${tool} not found (${result.error?.message ?? result.stderr.trim()}): install PostgreSQL's client tools ` +
        '(apt-get install postgresql-client) or set PG_BIN to the folder that holds them',
    );
  }
  const match = /\(PostgreSQL\) (\d+)/.exec(result.stdout);
  if (!match) throw new Error(`cannot read the version of ${tool}: ${result.stdout.trim()}`);
  return Number(match[1]);
}

/** Throws unless the installed pg_dump can dump a server of `serverMajor`. */
export function assertDumpable(serverMajor: number): number {
  const major = pgToolMajor('pg_dump');
  if (major < serverMajor) {
    throw new Error(
      `pg_dump ${major} cannot dump a PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor} ` +
        '(or newer) or set PG_BIN to its bin folder',
    );
  }
  return major;
}

/** Runs a PostgreSQL tool; rejects with its standard error when it fails. */
export function runPgTool(tool: PgTool, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pgTool(tool), args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}: ${stderr.trim().slice(-2000)}`)),
    );
  });
}

/**
 * libpq reads the password from PGPASSWORD, not from a URL given as an argument that `ps` shows:
 * the connection string is passed without it.
 */
export function libpqArgs(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}
