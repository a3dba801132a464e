/**
 * Starts the real entry point as a child process, as a user would: `npm start` itself (its
 * prestart web build included) with `npm: true`, or its command (tsx server/main.ts) directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  output: () => string;
  startMs: number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, timeoutMs = 120_000, options: { npm?: boolean } = {}): Promise<ServerProcess> {
  const started = Date.now();
  const [command, args] = options.npm ? ['npm', ['start', '--silent']] : [path.resolve('node_modules/.bin/tsx'), ['server/main.ts']];
  // Its own process group: npm runs the server as a grandchild, and stop() ends them all.
  const child: ChildProcess = spawn(command, args as string[], {
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopGroup(child);
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    output: () => out,
    startMs: Date.now() - started,
    stop: () => stopGroup(child),
  };
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Ends the child's process group and waits until none of it is left (the database files are closed). */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  if (!groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}
