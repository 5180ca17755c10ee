// Every environment variable the service reads, parsed and validated in one place.
import { join } from 'node:path';
import { clockMinute, parseQuietHours, type QuietHours } from '../notifications/notification-text.js';
import { isCidr, urlProblem } from '../webhooks/webhook-target.js';

export interface AppConfig {
  nodeEnv: string;
  /**
   * Stack traces, error details, introspection and GraphiQL reach clients only when asked for (`RECTIFY_DEV=1` or
   * `NODE_ENV=development`): a deployment that sets nothing is safe.
   */
  isDevelopment: boolean;
  port: number;
  /** Null when the embedded PostgreSQL is to be used. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  adminToken: string | null;
  dueSoonDays: number;
  maxPageSize: number;
  introspection: boolean;
  dbPoolSize: number;
  /** A connection idle this long is closed; 0 keeps it. A new one pays for its first reads (see data-source-options). */
  dbIdleTimeoutMs: number;
  /** Complaints (12345 / 12369) are answered within this many working days unless filed with a replyDueAt. */
  complaintReplyWorkingDays: number;
  /** A complaint counts as assigned in time (交办率) when assigned within this many days of its receipt. */
  complaintAssignDays: number;
  /** How many working days a closure's public notice (销号公示) runs (RECTIFY_PUBLIC_NOTICE_DAYS). */
  publicNoticeWorkingDays: number;
  /** Objections to public notices one address may send an hour (0: no limit). */
  objectionsPerHour: number;
  /**
   * 观察期: calendar days (Asia/Shanghai) from its closing day that a closed problem stays under observation before it
   * leaves the open ledger (seed 003: a quarter with no rebound); 0: none.
   */
  observationDays: number;
  /** Days overdue before supervision (督办) becomes named supervision (挂牌督办). */
  namedSupervisionDays: number;
  /** How often the deadline sweep runs; 0 turns it off (tests sweep by hand). */
  sweepIntervalMs: number;
  /** How often the figure projector folds new log rows (figures are exact either way: unfolded rows are read live); 0 = off. */
  figuresFoldIntervalMs: number;
  /** How often webhooks are planned from the log and due deliveries sent; 0 = off (tests dispatch by hand). */
  webhookIntervalMs: number;
  /** How long a receiver has to answer a delivery. */
  webhookTimeoutMs: number;
  /** The networks a webhook may reach (CIDRs); null: public addresses only. */
  webhookAllowedNetworks: string[] | null;
  /** How often notifications are planned from the log, the day's reminders made when due, and text messages sent; 0 = off. */
  notifyIntervalMs: number;
  /** Shanghai hours when no text message goes (it waits for their end); null: none. Inbox and log are silent anyway. */
  quietHours: QuietHours | null;
  /** Minute of the Shanghai day (from RECTIFY_NOTIFY_DAILY_AT, HH:MM) when the day's reminders and the digest are made. */
  dailyNotifyMinute: number;
  /** Where text messages are POSTed (the government SMS gateway, or its adapter); null: no SMS channel. */
  smsGatewayUrl: string | null;
  /** "whsec_…": each POST to the gateway is signed as webhooks are (Standard Webhooks); null: unsigned. */
  smsGatewaySecret: string | null;
  /** The sign (签名) a text message opens with, in 【】. */
  smsSign: string;
  /** The district the service serves, as the bulletin's title names it (RECTIFY_DISTRICT_NAME; empty: unnamed). */
  districtName: string;
  maxQueryDepth: number;
  /** Page-aware cost: every field 1, times the page sizes (`first`, literal or variable) of the lists it sits in. */
  maxQueryCost: number;
  /** Selections the cost walk may visit (each fragment spread walked again): past it, QUERY_TOO_COSTLY. */
  maxQueryNodes: number;
  /** Aliases, directives and lexical tokens one document may hold (graphql-armor). */
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Requests per second per token; 0 turns the limits off. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Requests per second shared by all anonymous and unknown-token traffic of one client address. */
  anonymousRateLimitPerSecond: number;
  anonymousRateLimitBurst: number;
  /** Query cost (as maxQueryCost counts it) one caller may spend per second, with a burst of maxQueryCost. */
  costPerSecond: number;
  /** Requests of one caller being answered at once (0: no limit); more wait their turn for up to acquireTimeoutMs. */
  maxInFlightPerCaller: number;
  /** graphql-ws connections one token may hold open at once (0: no limit); past it a connection is closed with 4429. */
  maxLiveConnectionsPerCaller: number;
  /** Pooled connections one request may hold at once (0: no limit): aliased fields queue on their own share. */
  dbConnectionsPerRequest: number;
  /** Pooled connections one caller's reads may hold at once, all its requests together (0: no limit). */
  dbReadConnectionsPerCaller: number;
  /** PostgreSQL's parallel workers per query on the service's connections (max_parallel_workers_per_gather). */
  dbParallelWorkers: number;
  /** Milliseconds of database time one caller's reads may use per second (counted over ten); 0: no budget. */
  dbReadMsPerSecond: number;
  /** statement_timeout of reads, writes, exports and imports, in ms. */
  readTimeoutMs: number;
  writeTimeoutMs: number;
  exportTimeoutMs: number;
  importTimeoutMs: number;
  /** How long a request waits for a pooled connection before SERVICE_UNAVAILABLE. */
  acquireTimeoutMs: number;
  /** Fastify's `trustProxy` (read as Express's `trust proxy` was): which hops' X-Forwarded-For name the client ('' = none). */
  trustProxy: string;
  /** A handover list is refused past these (counted as the file is read, never trusted from its headers). */
  importMaxRows: number;
  importMaxCells: number;
  importMaxInflatedBytes: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Evidence files, content-addressed by sha256 (default `<dataDir>/evidence`). */
  evidenceDir: string;
  evidenceMaxBytes: number;
  /** V8's old generation grows to (1 + this/100) × what a collection left live; 0 keeps V8's own (up to 4×). */
  heapGrowingPercent: number;
  /** Tokens kept in memory after a lookup (forgotten on any change, announced by PostgreSQL); 0 looks every request up. */
  tokenCacheSize: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** RECTIFY_NOTIFY_QUIET_HOURS: "22:00-07:00" (the default), or "off". */
function quietHours(raw: string | undefined): QuietHours | null {
  try {
    return parseQuietHours(raw ?? '22:00-07:00');
  } catch (e) {
    throw new ConfigError(`RECTIFY_NOTIFY_QUIET_HOURS must be HH:MM-HH:MM or off: ${(e as Error).message}`);
  }
}

function minuteOfDay(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const raw = env[name]?.trim() || fallback;
  const minute = clockMinute(raw);
  if (minute === null) throw new ConfigError(`${name} must be HH:MM, got "${raw}"`);
  return minute;
}

function gatewayUrl(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  const problem = urlProblem(raw.trim());
  if (problem) throw new ConfigError(`RECTIFY_SMS_GATEWAY_URL: ${problem}`);
  return raw.trim();
}

function gatewaySecret(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(raw.trim())) {
    throw new ConfigError('RECTIFY_SMS_GATEWAY_SECRET must be "whsec_" and base64 (as a webhook secret)');
  }
  return raw.trim();
}

/** RECTIFY_WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs ("10.0.0.0/8, 127.0.0.1/32"); unset: public addresses only. */
function networks(raw: string | undefined): string[] | null {
  if (!raw?.trim()) return null;
  const list = raw
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const cidr of list) {
    if (!isCidr(cidr)) throw new ConfigError(`RECTIFY_WEBHOOK_ALLOWED_NETWORKS: "${cidr}" is not a CIDR (10.0.0.0/8)`);
  }
  return list;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(raw: string | undefined): string {
  if (!raw) return 'info';
  if (!LOG_LEVELS.includes(raw))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'production';
  const isDevelopment = bool(env, 'RECTIFY_DEV', nodeEnv === 'development');
  const adminToken = env.RECTIFY_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('RECTIFY_ADMIN_TOKEN must be at least 16 characters');
  }
  const dataDir = env.RECTIFY_DATA_DIR?.trim() || '.data';
  return {
    nodeEnv,
    isDevelopment,
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir,
    embeddedPgPort: int(env, 'RECTIFY_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    adminToken,
    dueSoonDays: int(env, 'RECTIFY_DUE_SOON_DAYS', 7, 0, 365),
    maxPageSize: int(env, 'RECTIFY_MAX_PAGE_SIZE', 200, 1, 10000),
    introspection: bool(env, 'RECTIFY_INTROSPECTION', isDevelopment),
    dbPoolSize: int(env, 'RECTIFY_DB_POOL_SIZE', 10, 1, 200),
    dbIdleTimeoutMs: int(env, 'RECTIFY_DB_IDLE_TIMEOUT_MS', 0, 0, 86_400_000),
    complaintReplyWorkingDays: int(env, 'RECTIFY_COMPLAINT_REPLY_DAYS', 15, 1, 365),
    complaintAssignDays: int(env, 'RECTIFY_COMPLAINT_ASSIGN_DAYS', 3, 1, 365),
    publicNoticeWorkingDays: int(env, 'RECTIFY_PUBLIC_NOTICE_DAYS', 5, 1, 60),
    objectionsPerHour: int(env, 'RECTIFY_OBJECTIONS_PER_HOUR', 5, 0, 10_000),
    namedSupervisionDays: int(env, 'RECTIFY_NAMED_SUPERVISION_DAYS', 30, 1, 3650),
    observationDays: int(env, 'RECTIFY_OBSERVATION_DAYS', 90, 0, 3650),
    sweepIntervalMs: int(env, 'RECTIFY_SWEEP_INTERVAL_MS', 60_000, 0, 86_400_000),
    figuresFoldIntervalMs: int(env, 'RECTIFY_FIGURES_FOLD_INTERVAL_MS', 1_000, 0, 86_400_000),
    webhookIntervalMs: int(env, 'RECTIFY_WEBHOOK_INTERVAL_MS', 250, 0, 86_400_000),
    webhookTimeoutMs: int(env, 'RECTIFY_WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000),
    webhookAllowedNetworks: networks(env.RECTIFY_WEBHOOK_ALLOWED_NETWORKS),
    notifyIntervalMs: int(env, 'RECTIFY_NOTIFY_INTERVAL_MS', 1_000, 0, 86_400_000),
    quietHours: quietHours(env.RECTIFY_NOTIFY_QUIET_HOURS),
    dailyNotifyMinute: minuteOfDay(env, 'RECTIFY_NOTIFY_DAILY_AT', '08:00'),
    smsGatewayUrl: gatewayUrl(env.RECTIFY_SMS_GATEWAY_URL),
    smsGatewaySecret: gatewaySecret(env.RECTIFY_SMS_GATEWAY_SECRET),
    smsSign: env.RECTIFY_SMS_SIGN?.trim() || '区整改办',
    districtName: env.RECTIFY_DISTRICT_NAME?.trim() ?? '',
    maxQueryDepth: int(env, 'RECTIFY_MAX_QUERY_DEPTH', 10, 2, 100),
    maxQueryCost: int(env, 'RECTIFY_MAX_QUERY_COST', 5_000, 10, 10_000_000),
    maxQueryNodes: int(env, 'RECTIFY_MAX_QUERY_NODES', 1_500, 10, 10_000_000),
    maxAliases: int(env, 'RECTIFY_MAX_ALIASES', 15, 1, 10_000),
    maxDirectives: int(env, 'RECTIFY_MAX_DIRECTIVES', 50, 1, 10_000),
    maxTokens: int(env, 'RECTIFY_MAX_TOKENS', 2_000, 100, 1_000_000),
    rateLimitPerSecond: int(env, 'RECTIFY_RATE_LIMIT', 50, 0, 1_000_000),
    rateLimitBurst: int(env, 'RECTIFY_RATE_LIMIT_BURST', 100, 1, 1_000_000),
    anonymousRateLimitPerSecond: int(env, 'RECTIFY_ANONYMOUS_RATE_LIMIT', 20, 0, 1_000_000),
    anonymousRateLimitBurst: int(env, 'RECTIFY_ANONYMOUS_RATE_LIMIT_BURST', 40, 1, 1_000_000),
    costPerSecond: int(env, 'RECTIFY_COST_PER_SECOND', 20_000, 0, 100_000_000),
    maxInFlightPerCaller: int(env, 'RECTIFY_MAX_IN_FLIGHT', 8, 0, 10_000),
    maxLiveConnectionsPerCaller: int(env, 'RECTIFY_MAX_LIVE_CONNECTIONS', 10, 0, 100_000),
    dbConnectionsPerRequest: int(env, 'RECTIFY_DB_CONNECTIONS_PER_REQUEST', 2, 0, 200),
    dbReadConnectionsPerCaller: int(env, 'RECTIFY_DB_READ_CONNECTIONS_PER_CALLER', 1, 0, 200),
    dbParallelWorkers: int(env, 'RECTIFY_DB_PARALLEL_WORKERS', 0, 0, 64),
    dbReadMsPerSecond: int(env, 'RECTIFY_DB_READ_MS_PER_SECOND', 300, 0, 1_000_000),
    readTimeoutMs: int(env, 'RECTIFY_READ_TIMEOUT_MS', 10_000, 0, 3_600_000),
    writeTimeoutMs: int(env, 'RECTIFY_WRITE_TIMEOUT_MS', 10_000, 0, 3_600_000),
    exportTimeoutMs: int(env, 'RECTIFY_EXPORT_TIMEOUT_MS', 60_000, 0, 3_600_000),
    importTimeoutMs: int(env, 'RECTIFY_IMPORT_TIMEOUT_MS', 120_000, 0, 3_600_000),
    acquireTimeoutMs: int(env, 'RECTIFY_DB_ACQUIRE_TIMEOUT_MS', 5_000, 100, 600_000),
    trustProxy: env.RECTIFY_TRUST_PROXY?.trim() ?? '',
    importMaxRows: int(env, 'RECTIFY_IMPORT_MAX_ROWS', 20_000, 1, 10_000_000),
    importMaxCells: int(env, 'RECTIFY_IMPORT_MAX_CELLS', 400_000, 1, 100_000_000),
    importMaxInflatedBytes: int(
      env,
      'RECTIFY_IMPORT_MAX_INFLATED_BYTES',
      64 * 1024 * 1024,
      1024,
      4 * 1024 * 1024 * 1024,
    ),
    logLevel: logLevel(env.LOG_LEVEL),
    evidenceDir: env.RECTIFY_EVIDENCE_DIR?.trim() || join(dataDir, 'evidence'),
    evidenceMaxBytes: int(env, 'RECTIFY_EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    heapGrowingPercent: int(env, 'RECTIFY_HEAP_GROWING_PERCENT', 40, 0, 1000),
    tokenCacheSize: int(env, 'RECTIFY_TOKEN_CACHE', 10_000, 0, 10_000_000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
