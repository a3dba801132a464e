/** Configuration read once from the environment; nothing else reads process.env. */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /**
   * Which peers may tell the client's address in X-Forwarded-For (Fastify's trustProxy):
   * false (no one: the client's own socket address counts) or the proxies' addresses and CIDR
   * ranges. Never "everyone": a client could then choose its own address, escape the per-IP
   * login limit and write any address into the audit log.
   */
  trustProxy: false | string[];
  /** PostgreSQL server; when absent the server runs embedded PGlite in dataDir. */
  databaseUrl?: string;
  /** PostgreSQL: prepare each statement once per connection (off behind a pooler that cannot keep them). */
  databasePrepare: boolean;
  dataDir: string;
  /** Stored files (templates, attachments, results); a local folder. */
  filesDir: string;
  /** Signs access tokens; when absent a secret generated once is kept in the database. */
  jwtSecret?: string;
  /** Seals units' signing keys at rest; when absent a secret generated once is kept in the database. */
  certificateSecret?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Requests per minute per IP on the login route; offices share addresses, so it is generous. */
  loginIpLimitPerMinute: number;
  /** Failed logins per account before it is locked for loginLockMinutes. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  logLevel: string;
  /** Run due jobs (timers, connector calls) in this process. */
  jobLoop: boolean;
  /** New instances of sequential processes run on the runtime's compact interpreter (RUNTIME_COMPACT). */
  runtimeCompact: boolean;
  /** How often the job loop turns, in ms (JOB_INTERVAL_MS). */
  jobIntervalMs: number;
  /** Base URLs the http connector may call (LGSP), comma-separated in HTTP_CONNECTOR_ALLOW. */
  httpAllowList: string[];
  /** The public address of the portal, for links in slips and messages. */
  publicUrl: string;
  /** The payment provider dossiers use; `sandbox` (no money moves) outside production by default. */
  paymentProvider: string | null;
  /** Shared secret of the sandbox provider's signed callbacks; generated and kept in the database when absent. */
  paymentSandboxSecret?: string;
  /** The national portal's endpoint for status sync; without it the outbox is marked sent locally. */
  portalEndpoint?: string;
  portalToken?: string;
  /** SMTP for e-mail notifications; without it messages stay in the outbox (local provider). */
  smtp?: { host: string; port: number; from: string; user?: string; pass?: string; secure: boolean };
  seedDemo: boolean;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number, got "${value}"`);
  return n;
}

/** Names proxy-addr (under Fastify's trustProxy) accepts for well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: unset, empty, `false` or `0` = off; else a comma list of addresses/CIDR ranges. */
export function parseTrustProxy(value: string | undefined): false | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) {
    // Fastify 5 trusts no one for a hop count (it cannot tell a proxy from a client sending
    // the header itself): refuse it rather than accept a setting that silently does nothing.
    throw new Error('TRUST_PROXY: a hop count cannot tell a proxy from a client; give the proxies\' addresses or ranges (e.g. 10.0.0.5 or 10.0.0.0/8)');
  }
  if (v === 'true') {
    throw new Error('TRUST_PROXY=true would let any client choose its own address: give the proxy\'s addresses (e.g. 10.0.0.5 or 10.0.0.0/8) or the number of proxy hops');
  }
  const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length) throw new Error(`TRUST_PROXY: not an address or CIDR range: ${bad.join(', ')}`);
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  return {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: int(env.PORT, 3000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePrepare: env.DATABASE_PREPARE !== 'false',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    filesDir: path.resolve(env.FILES_DIR ?? path.join(env.DATA_DIR ?? './data', 'files')),
    jwtSecret: env.JWT_SECRET || undefined,
    certificateSecret: env.CERTIFICATE_SECRET || undefined,
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL_SECONDS, 15 * 60),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL_SECONDS, 30 * 24 * 3600),
    loginIpLimitPerMinute: int(env.LOGIN_IP_LIMIT_PER_MINUTE, 600),
    loginMaxFailures: int(env.LOGIN_MAX_FAILURES, 5),
    loginLockMinutes: int(env.LOGIN_LOCK_MINUTES, 15),
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    jobLoop: nodeEnv !== 'test' && env.JOB_LOOP !== 'false',
    runtimeCompact: env.RUNTIME_COMPACT !== 'false',
    jobIntervalMs: int(env.JOB_INTERVAL_MS, 1000),
    httpAllowList: (env.HTTP_CONNECTOR_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    publicUrl: env.PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '3000'}`,
    paymentProvider: env.PAYMENT_PROVIDER ?? (nodeEnv === 'production' ? null : 'sandbox'),
    paymentSandboxSecret: env.PAYMENT_SANDBOX_SECRET || undefined,
    portalEndpoint: env.PORTAL_ENDPOINT || undefined,
    portalToken: env.PORTAL_TOKEN || undefined,
    smtp: env.SMTP_HOST
      ? { host: env.SMTP_HOST, port: int(env.SMTP_PORT, 587), from: env.SMTP_FROM ?? 'no-reply@localhost', user: env.SMTP_USER, pass: env.SMTP_PASS, secure: env.SMTP_SECURE === 'true' }
      : undefined,
    seedDemo: nodeEnv !== 'production' && env.SEED_DEMO !== 'false',
  };
}

/** Config for tests and tools: defaults with overrides, never the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const filesDir = path.join(os.tmpdir(), `esb-test-files-${process.pid}`);
  return { ...loadConfig({ NODE_ENV: 'test' }), filesDir, jwtSecret: 'test-secret-test-secret-test-secret', ...overrides };
}
