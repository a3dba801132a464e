/**
 * Runs a test file with the process in a given time zone, to prove the calendar never reads
 * the server's own zone. Jest hands each test file a copy of `process.env`, so assigning TZ
 * there changes nothing; the real process is reached through a function of the outer realm
 * (jest-environment-node passes the host's Buffer in). Node re-reads TZ on assignment.
 */
export function useProcessTimeZone(zone: string): void {
  const host = (Buffer.constructor as FunctionConstructor)('return process')() as NodeJS.Process;
  const before = host.env.TZ;
  host.env.TZ = zone;
  // If this ever stops reaching the real process, fail loudly rather than test in the wrong zone.
  const probe = new Date(Date.UTC(2025, 0, 15, 12));
  const expected = probe.toLocaleString('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric' });
  const actual = String(probe.getHours());
  if (actual !== String(Number(expected))) {
    throw new Error(`could not set the process time zone to ${zone}: local hour ${actual}, expected ${expected}`);
  }
  afterAll(() => {
    if (before === undefined) delete host.env.TZ;
    else host.env.TZ = before;
  });
}
