/**
 * Gateways route on the official's decision and data, given when completing the task just
 * before: exclusive (with a default flow), inclusive (split and join), parallel. Conditions
 * are FEEL or translated JUEL (runtime/expressions), never JavaScript.
 */
import { createWorld, fixture, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

describe('Given an exclusive gateway after a user task (exclusive-gateway.bpmn)', () => {
  it('When the decision names a JUEL-conditioned flow, then that flow is taken', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    const step = await s.complete('receive', { decision: 'accept' });
    expect(step.statusChanges).toEqual([{ elementId: 'process', elementName: 'Process', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['process']);
  });

  it('When the data satisfy the FEEL condition, then the FEEL-conditioned flow is taken', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    const step = await s.complete('receive', { decision: 'refuse' });
    expect(step.status).toBe('completed');
    expect(step.statusChanges).toEqual([{ elementId: 'refused', status: 3 }]);
  });

  it('When no condition holds, then the default flow is taken', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    await s.complete('receive', { decision: 'request-supplement' });
    expect(await s.openTaskIds()).toEqual(['supplement']);
  });
});

describe('Given an inclusive gateway (inclusive-gateway.bpmn)', () => {
  it('When several conditions hold, then every such branch starts and the join waits for those only', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: true, needsLand: true } });
    expect(await s.openTaskIds()).toEqual(['checkLand', 'checkTax']);
    await s.complete('checkTax');
    expect(await s.openTaskIds()).toEqual(['checkLand']);
    await s.complete('checkLand');
    expect(await s.openTaskIds()).toEqual(['sign']);
  });

  it('When a single condition holds, then a single branch starts and the join lets it through alone', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: false, needsLand: true } });
    expect(await s.openTaskIds()).toEqual(['checkLand']);
    await s.complete('checkLand');
    expect(await s.openTaskIds()).toEqual(['sign']);
  });

  it('When no condition holds, then the default flow is taken', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: false, needsLand: false } });
    expect(await s.openTaskIds()).toEqual(['sign']);
  });
});

describe('Given a parallel gateway (parallel-gateway.bpmn)', () => {
  it('When both branches are complete, then it has forked into both and joins', async () => {
    const s = new Scenario(world, fixture('parallel-gateway'));
    await s.start();
    expect(await s.openTaskIds()).toEqual(['checkLand', 'checkTax']);
    await s.complete('checkLand');
    expect(await s.openTaskIds()).toEqual(['checkTax']);
    await s.complete('checkTax');
    expect(await s.openTaskIds()).toEqual(['approve']);
    expect((await s.complete('approve')).status).toBe('completed');
  });
});

describe('Given a gateway condition that cannot be evaluated (inclusive-gateway.bpmn)', () => {
  it('When the gateway is reached, then the step fails with a clear error instead of taking a path by accident', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await expect(s.complete('assess', { data: { needsTax: true } })).rejects.toMatchObject({ code: 'run.failed' });
    expect(await s.openTaskIds()).toEqual(['assess']);
  });
});
