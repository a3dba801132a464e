/**
 * `npm test` on a machine without Chromium: the browser tests skip with a message saying
 * what is missing and how to install it; under CI they fail instead.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { browserVerdict } from './e2e/browser.js';

const run = promisify(execFile);

describe('browser test requirement', () => {
  it('runs the browser tests when Chromium is there, CI or not', () => {
    expect(browserVerdict('t', '/usr/bin/chromium', {}, () => true)).toEqual({ run: true });
    expect(browserVerdict('t', '/usr/bin/chromium', { CI: 'true' }, () => true)).toEqual({ run: true });
  });

  it('skips them outside CI with a message naming the missing browser and how to install it', () => {
    const verdict = browserVerdict('studio editing', '/opt/none/chromium', {}, () => false);
    expect(verdict.run).toBe(false);
    expect(verdict).toEqual({ run: false, message: expect.stringMatching(/^SKIPPED "studio editing" needs Chromium at \/opt\/none\/chromium.*apt-get install chromium/) });
  });

  it('fails them under CI', () => {
    expect(() => browserVerdict('studio editing', '/opt/none/chromium', { CI: 'true' }, () => false)).toThrow(/apt-get install chromium.*CI must provide it/);
  });

  it('leaves a real browser test file skipped, and jest passing, when Chromium is absent outside CI; failing under CI', async () => {
    const jest = (ci: boolean) => {
      // E2E=1: the e2e project exists even in CI's TEST_DB=pglite pass.
      const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', NODE_OPTIONS: '--experimental-vm-modules', E2E: '1' };
      delete env.CI;
      if (ci) env.CI = 'true';
      return run('npx', ['jest', 'test/e2e/new-service.e2e.test.ts', '--selectProjects', 'e2e'], { env, timeout: 170_000 }).then(
        (r) => ({ code: 0, output: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
      );
    };
    const [outside, ci] = await Promise.all([jest(false), jest(true)]);
    expect(outside.output).toMatch(/SKIPPED "studio: a new service" needs Chromium at \/nonexistent\/chromium.*apt-get install chromium/);
    expect(outside.output).toMatch(/Tests:\s+\d+ skipped, \d+ total/);
    expect(outside.code).toBe(0);
    expect(ci.output).toMatch(/CI must provide it/);
    expect(ci.code).not.toBe(0);
  }, 180_000);
});
