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

describe('an exclusive gateway after a user task', () => {
  it('takes the JUEL-conditioned flow the decision names', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    const step = await s.complete('receive', { decision: 'accept' });
    expect(step.statusChanges).toEqual([{ elementId: 'process', elementName: 'Process', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['process']);
  });

  it('takes the FEEL-conditioned flow', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    const step = await s.complete('receive', { decision: 'refuse' });
    expect(step.status).toBe('completed');
    expect(step.statusChanges).toEqual([{ elementId: 'refused', status: 3 }]);
  });

  it('takes the default flow when no condition holds', async () => {
    const s = new Scenario(world, fixture('exclusive-gateway'));
    await s.start();
    await s.complete('receive', { decision: 'request-supplement' });
    expect(await s.openTaskIds()).toEqual(['supplement']);
  });
});

describe('an inclusive gateway', () => {
  it('starts every branch whose condition holds, and its join waits for those only', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: true, needsLand: true } });
    expect(await s.openTaskIds()).toEqual(['checkLand', 'checkTax']);
    await s.complete('checkTax');
    expect(await s.openTaskIds()).toEqual(['checkLand']);
    await s.complete('checkLand');
    expect(await s.openTaskIds()).toEqual(['sign']);
  });

  it('starts a single branch, and the join lets it through alone', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: false, needsLand: true } });
    expect(await s.openTaskIds()).toEqual(['checkLand']);
    await s.complete('checkLand');
    expect(await s.openTaskIds()).toEqual(['sign']);
  });

  it('takes the default flow when no condition holds', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await s.complete('assess', { data: { needsTax: false, needsLand: false } });
    expect(await s.openTaskIds()).toEqual(['sign']);
  });
});

describe('a parallel gateway', () => {
  it('forks into both branches and joins when both are complete', async () => {
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

describe('a condition that cannot be evaluated', () => {
  it('fails the step with a clear error instead of taking a path by accident', async () => {
    const s = new Scenario(world, fixture('inclusive-gateway'));
    await s.start();
    await expect(s.complete('assess', { data: { needsTax: true } })).rejects.toMatchObject({ code: 'run.failed' });
    expect(await s.openTaskIds()).toEqual(['assess']);
  });
});
