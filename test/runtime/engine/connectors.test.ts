/**
 * Service and send tasks: a connector call is a durable job, called by the runner outside
 * the step's transaction, retried with backoff, and an incident when it keeps failing.
 */
import type { ConnectorCall, ConnectorRegistry } from '../../../runtime/engine/connectors.js';
import { ConnectorBpmnError, ConnectorRegistry as Registry } from '../../../runtime/engine/connectors.js';
import { listIncidents, retryIncident } from '../../../runtime/engine/incidents.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

/** A payment platform that fails `failures` times, then accepts; it counts what happened. */
function paymentPlatform(failures: number) {
  const platform = { tries: 0, effects: [] as ConnectorCall[], healthy: false };
  const connector = (call: ConnectorCall) => {
    platform.tries++;
    if (!platform.healthy && platform.tries <= failures) throw new Error(`payment platform down (try ${platform.tries})`);
    platform.effects.push(call);
    return { variables: { paymentId: `PAY-${platform.effects.length}` } };
  };
  return { platform, connector };
}

function scenario(register: (r: ConnectorRegistry) => void) {
  return new Scenario(world, fixture('service-task'), (w) => freshRuntime(w, { register }));
}

const notifications: ConnectorCall[] = [];
const withNotify = (payment: (call: ConnectorCall) => unknown) => (r: ConnectorRegistry) => {
  r.register('test-payment', payment as never);
  r.register('test-notify', (call) => void notifications.push(call));
};

describe('Given a service task and a send task calling connectors (service-task.bpmn)', () => {
  it('When the instance reaches the service task, then it becomes a connector job instead of a call inside the step, and the runner completes it', async () => {
    const { platform, connector } = paymentPlatform(0);
    const s = scenario(withNotify(connector));
    const started = await s.start();
    expect(platform.tries).toBe(0);
    expect(started.scheduledJobs).toEqual([expect.objectContaining({ kind: 'connector', elementId: 'askPayment' })]);
    expect(await s.openTaskIds()).toEqual([]);

    const [outcome] = await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w1' });
    expect(outcome).toMatchObject({ outcome: 'done', elementId: 'askPayment' });
    expect(platform.effects).toHaveLength(1);
    expect(platform.effects[0]).toMatchObject({
      tenantId: world.tenantId,
      instanceId: s.instanceId,
      elementId: 'askPayment',
      attempt: 1,
      input: { amount: '50000', currency: 'VND' },
    });
    expect(await s.openTaskIds()).toEqual(['check']);
    expect((await s.instance()).variables).toMatchObject({ paymentId: 'PAY-1' });
  });

  it('When its connector fails twice then succeeds, then it runs once and the step completes once', async () => {
    const { platform, connector } = paymentPlatform(2);
    const s = scenario(withNotify(connector));
    const t0 = Date.now();
    await s.start();
    const run = (offsetSeconds: number) => s.runtime.runDueJobs(world.db, { now: new Date(t0 + offsetSeconds * 1000), workerId: 'w1' });

    expect((await run(1)).map((o) => o.outcome)).toEqual(['retry']);
    expect(await run(5)).toEqual([]); // backoff: 10 s after the first failure
    expect((await run(12)).map((o) => o.outcome)).toEqual(['retry']);
    expect(await run(25)).toEqual([]); // then 20 s
    expect((await run(40)).map((o) => o.outcome)).toEqual(['done']);
    expect(await run(100)).toEqual([]);

    expect(platform.tries).toBe(3);
    expect(platform.effects).toHaveLength(1);
    expect(platform.effects[0].attempt).toBe(3);
    expect(new Set((await s.jobs()).map((j) => j.id)).size).toBe(1);
    expect(await s.openTaskIds()).toEqual(['check']);
    // start, then one step: the service task completed exactly once.
    expect((await s.instance()).row_version).toBe(2);
  });

  it('When its connector keeps failing, then the job becomes an incident after its last try, which an admin retries once the platform is back', async () => {
    const { platform, connector } = paymentPlatform(Infinity);
    const s = scenario(withNotify(connector));
    const t0 = Date.now();
    await s.start();
    for (const seconds of [1, 20, 60, 120]) await s.runtime.runDueJobs(world.db, { now: new Date(t0 + seconds * 1000), workerId: 'w1' });

    expect(platform.tries).toBe(3);
    const [job] = await s.jobs();
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'payment platform down (try 3)' });
    const incidents = await world.db.transaction().execute((trx) => listIncidents(trx, { tenantId: world.tenantId, instanceId: s.instanceId }));
    expect(incidents).toEqual([
      expect.objectContaining({ elementId: 'askPayment', connector: 'test-payment', error: 'payment platform down (try 3)', resolvedAt: null }),
    ]);
    expect(await s.openTaskIds()).toEqual([]);
    expect((await s.instance()).status).toBe('running');

    platform.healthy = true;
    await world.db.transaction().execute((trx) =>
      retryIncident(trx, { tenantId: world.tenantId, incidentId: incidents[0].id, actor: 'admin-1', now: new Date(t0 + 130_000) }),
    );
    const [outcome] = await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 131_000), workerId: 'w2' });
    expect(outcome.outcome).toBe('done');
    expect(platform.effects).toHaveLength(1);
    expect(await s.openTaskIds()).toEqual(['check']);
    const after = await world.db.transaction().execute((trx) => listIncidents(trx, { tenantId: world.tenantId, instanceId: s.instanceId, open: false }));
    expect(after[0]).toMatchObject({ resolvedBy: 'admin-1' });
    await expect(
      world.db.transaction().execute((trx) => retryIncident(trx, { tenantId: world.tenantId, incidentId: incidents[0].id, actor: 'admin-1' })),
    ).rejects.toMatchObject({ code: 'incident.already_resolved' });
  });

  it('When the send task is reached, then it calls its connector through a job too, and the instance ends after it', async () => {
    const { connector } = paymentPlatform(0);
    const s = scenario(withNotify(connector));
    await s.start();
    await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w1' });
    const before = notifications.length;
    await s.complete('check');
    expect(notifications.length).toBe(before);
    const [outcome] = await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w1' });
    expect(outcome).toMatchObject({ elementId: 'notify', outcome: 'done' });
    expect(notifications.length).toBe(before + 1);
    expect(notifications.at(-1)!.input).toEqual({ template: 'paid' });
    expect((await s.instance()).status).toBe('completed');
  });
});

describe('Given a service task with a boundary error event for "payment-refused" (service-task-error.bpmn)', () => {
  /** A payment platform that refuses with `code` until it is told to accept. */
  function refusingPlatform(code: string) {
    const platform = { tries: 0, accept: false };
    const connector = () => {
      platform.tries++;
      if (!platform.accept) throw new ConnectorBpmnError(code, `Refused (try ${platform.tries})`);
      return { variables: { paymentId: 'PAY-1' } };
    };
    return { platform, scenario: new Scenario(world, fixture('service-task-error'), (w) => freshRuntime(w, { register: (r) => r.register('test-payment', connector) })) };
  }

  describe('When the connector fails with that BPMN error', () => {
    it('Then the boundary catches it: the job is done, not retried, and the process takes the error path', async () => {
      const { platform, scenario: s } = refusingPlatform('payment-refused');
      const t0 = Date.now();
      await s.start();
      const outcome = (await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 1000), workerId: 'w1' })).find((o) => o.instanceId === s.instanceId)!;
      expect(outcome).toMatchObject({ outcome: 'done', elementId: 'askPayment' });
      // Other scenarios share the database: only this instance's jobs count.
    const later = await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 600_000), workerId: 'w1' });
    expect(later.filter((o) => o.instanceId === s.instanceId)).toEqual([]);
      expect(platform.tries).toBe(1);
      expect((await s.jobs()).map((j) => j.status)).toEqual(['done']);
      expect(await s.openTaskIds()).toEqual(['payAtCounter']);

      await s.complete('payAtCounter');
      expect((await s.instance()).status).toBe('completed');
      const incidents = await world.db.transaction().execute((trx) => listIncidents(trx, { tenantId: world.tenantId, instanceId: s.instanceId }));
      expect(incidents).toEqual([]);
    });
  });

  describe('When the connector fails with an error code no boundary catches', () => {
    it('Then the job becomes an incident at once, which an admin retries once the platform accepts', async () => {
      const { platform, scenario: s } = refusingPlatform('account-closed');
      const t0 = Date.now();
      await s.start();
      const outcome = (await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 1000), workerId: 'w1' })).find((o) => o.instanceId === s.instanceId)!;
      expect(outcome).toMatchObject({ outcome: 'incident', elementId: 'askPayment' });
      expect(outcome.error).toMatch(/account-closed/);
      expect(platform.tries).toBe(1);
      const [job] = await s.jobs();
      expect(job).toMatchObject({ status: 'failed', attempts: 1 });
      const incidents = await world.db.transaction().execute((trx) => listIncidents(trx, { tenantId: world.tenantId, instanceId: s.instanceId }));
      expect(incidents).toEqual([expect.objectContaining({ elementId: 'askPayment', connector: 'test-payment', resolvedAt: null })]);
      expect(await s.openTaskIds()).toEqual([]);
      expect((await s.instance()).status).toBe('running');

      platform.accept = true;
      await world.db.transaction().execute((trx) =>
        retryIncident(trx, { tenantId: world.tenantId, incidentId: incidents[0].id, actor: 'admin-1', now: new Date(t0 + 5000) }),
      );
      const retried = (await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 6000), workerId: 'w2' })).find((o) => o.instanceId === s.instanceId)!;
      expect(retried.outcome).toBe('done');
      expect(platform.tries).toBe(2);
      expect(await s.openTaskIds()).toEqual(['check']);
      expect((await s.instance()).variables).toMatchObject({ paymentId: 'PAY-1' });
    });
  });
});

describe('the connector registry', () => {
  it('refuses a name registered twice', () => {
    const registry = new Registry();
    registry.register('notify', () => undefined);
    expect(() => registry.register('notify', () => undefined)).toThrow(expect.objectContaining({ code: 'connector.duplicate' }));
  });

  it('Given a service task naming an unregistered connector (service-task.bpmn), when its job runs, then each try fails and it ends as an incident', async () => {
    const s = new Scenario(world, fixture('service-task'), (w) => freshRuntime(w));
    const t0 = Date.now();
    await s.start();
    for (const seconds of [1, 20, 60]) await s.runtime.runDueJobs(world.db, { now: new Date(t0 + seconds * 1000), workerId: 'w1' });
    const [job] = await s.jobs();
    expect(job.status).toBe('failed');
    expect(job.last_error).toMatch(/No connector named "test-payment"/);
  });
});
