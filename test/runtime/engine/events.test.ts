/**
 * Embedded sub-processes, error end events and boundary error events, terminate end events.
 */
import { createWorld, fixture, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

describe('Given an embedded sub-process (subprocess.bpmn)', () => {
  it('When its tasks are completed, then they were task rows and the values given inside are seen after it', async () => {
    const s = new Scenario(world, fixture('subprocess'));
    const started = await s.start();
    expect(started.statusChanges).toEqual([{ elementId: 'survey', elementName: 'Survey the site', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['survey']);
    await s.complete('survey', { data: { area: 120 } });
    expect(await s.openTaskIds()).toEqual(['report']);
    await s.complete('report', { data: { opinion: 'ok' } });
    expect(await s.openTaskIds()).toEqual(['sign']);
    expect((await s.instance()).variables).toEqual({ area: 120, opinion: 'ok' });
    expect((await s.complete('sign')).status).toBe('completed');
  });
});

describe('Given an error end event inside a sub-process (subprocess-error.bpmn)', () => {
  it('When the error end is reached, then the boundary error event on the sub-process catches it', async () => {
    const s = new Scenario(world, fixture('subprocess-error'));
    await s.start();
    const step = await s.complete('inspect');
    expect(step.status).toBe('running');
    expect(step.statusChanges).toEqual([{ elementId: 'returnDossier', elementName: 'Return the dossier', status: 3 }]);
    expect(await s.openTaskIds()).toEqual(['returnDossier']);
    expect((await s.complete('returnDossier')).status).toBe('completed');
  });
});

describe('Given an error end event nobody catches (error-end.bpmn)', () => {
  // Camunda 7: "in case no matching boundary error event is found, the execution semantics
  // defaults to the none end event semantics"; bpmn-engine behaves the same.
  it('When it is reached, then it ends its path like a none end event', async () => {
    const s = new Scenario(world, fixture('error-end'));
    await s.start();
    const step = await s.complete('review');
    expect(step.status).toBe('completed');
    const instance = await s.instance();
    expect(instance.status).toBe('completed');
    expect(instance.ended_at).not.toBeNull();
  });
});

describe('Given a boundary error event on a user task (boundary-error.bpmn)', () => {
  it('When the task is open, then the error is offered as a decision besides the task\'s own', async () => {
    const s = new Scenario(world, fixture('boundary-error'));
    await s.start();
    expect((await s.task('review')).decisions).toEqual([
      { key: 'approve', kind: 'complete' },
      { key: 'missing-documents', kind: 'error', boundaryEventId: 'onMissing', code: 'missing-documents', refId: 'Err_missing', label: 'Documents missing' },
    ]);
  });

  it('When the official chooses the error, then the process takes the error path and the task is completed with that decision', async () => {
    const s = new Scenario(world, fixture('boundary-error'));
    await s.start();
    const step = await s.complete('review', { decision: 'missing-documents', data: { reason: 'no ID card' } });
    expect(step.statusChanges).toEqual([{ elementId: 'supplement', elementName: 'Request a supplement', status: 5 }]);
    expect(await s.openTaskIds()).toEqual(['supplement']);
    const review = (await s.allTasks()).find((t) => t.element_id === 'review')!;
    expect(review).toMatchObject({ status: 'completed', decision: 'missing-documents', data: { reason: 'no ID card' } });
    expect((await s.instance()).variables).toMatchObject({ reason: 'no ID card', decision: 'missing-documents' });
  });

  it('When the task completes normally, then the boundary stays quiet', async () => {
    const s = new Scenario(world, fixture('boundary-error'));
    await s.start();
    const step = await s.complete('review', { decision: 'approve' });
    expect(step.status).toBe('completed');
    expect(step.statusChanges).toEqual([{ elementId: 'approved', status: 9 }]);
  });
});

describe('Given a terminate end event beside another branch (terminate.bpmn)', () => {
  it('When it is reached, then it ends the instance and cancels the other branch\'s task', async () => {
    const s = new Scenario(world, fixture('terminate'));
    await s.start();
    expect(await s.openTaskIds()).toEqual(['stopAll', 'work']);
    const step = await s.complete('stopAll');
    expect(step.status).toBe('completed');
    expect(step.statusChanges).toEqual([{ elementId: 'terminated', status: 8 }]);
    expect(step.closedTasks.map((t) => [t.elementId, t.status]).sort()).toEqual([
      ['stopAll', 'completed'],
      ['work', 'cancelled'],
    ]);
  });
});
