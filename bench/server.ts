/**
 * The server under test: `server/main.ts` started as its own process (node with tsx's
 * loader, so the pid is the server's and its RSS and CPU profile are its own), on the
 * bench database, and a small JSON client for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface BenchServer {
  url: string;
  pid: number;
  output(): string;
  rssMb(): number;
  /** CPU time the server process has used so far (user + system, all its threads), ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  jwtSecret: string;
  /** Run due jobs and outbox delivery in the server, as in production. */
  jobLoop: boolean;
  /** Write a V8 CPU profile into this folder when the server exits. */
  cpuProfDir?: string;
}

export async function startServer(options: ServerOptions, timeoutMs = 120_000): Promise<BenchServer> {
  const args = ['--import', 'tsx'];
  if (options.cpuProfDir) args.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  args.push('server/main.ts');
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      // The bench's own options are not the server's; BENCH_SERVER_NODE_OPTIONS tries others (e.g. heap sizes).
      NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: options.databaseUrl,
      JWT_SECRET: options.jwtSecret,
      JOB_LOOP: String(options.jobLoop),
      LOG_LEVEL: 'warn',
      LOGIN_IP_LIMIT_PER_MINUTE: '100000',
      ACCESS_TOKEN_TTL_SECONDS: '14400',
      DATA_DIR: path.resolve('.scratch-bench/data'),
      FILES_DIR: path.resolve('.scratch-bench/files'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.once('exit', onExit);
  });
  return {
    url,
    pid: child.pid!,
    output: () => out,
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    cpuMs: () => processCpuMs(child.pid!).ms,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
}

/** JSON over HTTP to the server under test. */
export function client(base: string, token?: string) {
  const call = async <T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  return {
    call,
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) => call<T>('POST', url, body, headers),
    put: <T = any>(url: string, body: unknown) => call<T>('PUT', url, body),
  };
}
export type Client = ReturnType<typeof client>;

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await client(base).post('/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Throws unless the reply has the expected status. */
export function expectStatus<T>(res: Reply<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}

/**
 * A process's CPU from /proc/<pid>/stat, ms: utime and stime (fields 14 and 15, in clock ticks,
 * 100 a second on Linux), with its reaped children's (cutime, cstime) when asked; the command
 * name (field 2) is in parentheses and may hold spaces.
 */
export function processCpuMs(pid: number, withChildren = false): { name: string; ms: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return { name, ms: (f[11] + f[12] + (withChildren ? f[13] + f[14] : 0)) * 10 };
}

/** CPU of every PostgreSQL process on this machine, ms (the postmaster's reaped children, exited backends, included). */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const p = processCpuMs(Number(entry), true);
      if (p.name === 'postgres' || p.name.startsWith('postgres:')) total += p.ms;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

/** CPU the whole machine spent (every core: user, nice, system, irq, softirq, steal) and its idle time, ms. */
export function machineCpuMs(): { busy: number; idle: number } {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) * 10, idle: (idle + iowait) * 10 };
}
