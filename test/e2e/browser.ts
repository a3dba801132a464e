/**
 * Whether the browser tests can run here. They drive Debian's Chromium; on a developer's
 * machine without it they skip with a message saying what to install, so that `npm test`
 * still passes. Under CI (CI set) a missing browser is an error, never a silent skip.
 */
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type BrowserVerdict = { run: true } | { run: false; message: string };

export function browserVerdict(name: string, executable: string, env: { CI?: string }, exists: (p: string) => boolean = fs.existsSync): BrowserVerdict {
  if (exists(executable)) return { run: true };
  const missing = `"${name}" needs Chromium at ${executable}, which is not installed: apt-get install chromium (or set CHROMIUM_PATH)`;
  if (env.CI) throw new Error(`${missing}; CI must provide it`);
  return { run: false, message: `SKIPPED ${missing}` };
}

/** describe() for browser tests: runs them, or skips them visibly when Chromium is absent (fails under CI). */
export const describeWithBrowser: (name: string, fn: () => void) => void = (name, fn) => {
  const verdict = browserVerdict(name, CHROMIUM, process.env);
  if (verdict.run) return describe(name, fn);
  // Straight to stderr: jest drops the console output of a file whose tests all skip.
  process.stderr.write(`\n${verdict.message}\n`);
  return describe.skip(name, fn);
};
