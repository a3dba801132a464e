/**
 * Real diagrams exported by Camunda Modeler (../shared/fixtures/bpmn/camunda-examples) run
 * to their ends, every step from the stored state only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { camundaExamplesDir, createWorld, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

const example = (name: string) => fs.readFileSync(path.join(camundaExamplesDir, name), 'utf8');

/** How often the stored engine state says an element was taken (run to its end). */
function timesTaken(state: unknown, elementId: string): number {
  let found = 0;
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const record = node as { id?: string; counters?: { taken?: number } };
    if (record.id === elementId && record.counters?.taken !== undefined) found = Math.max(found, record.counters.taken);
    for (const value of Object.values(node)) visit(value);
  };
  visit(state);
  return found;
}

describe('Given the Camunda example loanApproval.bpmn', () => {
  it('When it is started and its task completed, then it runs from the request to Done, the task assigned to demo with its form', async () => {
    const s = new Scenario(world, example('loanApproval.bpmn'));
    await s.start({ amount: 1000 });
    const task = await s.task('UserTask_1');
    expect(task).toMatchObject({ element_name: 'Approve Request', assignee: 'demo', form_key: 'embedded:app:task-form.html' });
    expect((await s.complete('UserTask_1', { data: { approved: true } })).status).toBe('completed');
  });
});

describe('Given the Camunda example invoiceApproval.bpmn', () => {
  it('When each task is completed in turn, then it runs from the invoice received to processed', async () => {
    const s = new Scenario(world, example('invoiceApproval.bpmn'));
    await s.start();
    const task = await s.task('UserTask_1');
    expect(task).toMatchObject({ assignee: 'demo', form_key: 'camunda-forms:app:task-form.form' });
    expect((await s.complete('UserTask_1')).status).toBe('completed');
  });
});

describe('Given the Camunda example invoicePayment.bpmn', () => {
  const finished = async (s: Scenario) => (await s.allTasks()).map((t) => [t.element_id, t.status, t.decision]);
  /** Times "Invoice Paid", "Invoice Archived" and "Invoice Escalated" were reached. */
  const ends = async (s: Scenario) => {
    const { state } = await s.instance();
    return ['EndEvent_1ug8ljt', 'EndEvent_1ga7c7t', 'EndEvent_1irlotk'].map((id) => timesTaken(state, id));
  };

  it('When "Pay Invoice" is reached, then it offers the boundary error and escalation as decisions', async () => {
    const s = new Scenario(world, example('invoicePayment.bpmn'));
    await s.start();
    expect((await s.task('Task_16y91ka')).decisions).toEqual([
      { key: 'invoice-error', kind: 'error', boundaryEventId: 'BoundaryEvent_18unjdv', code: 'invoice-error', refId: 'Error_17q5tnm', label: 'Unspecified Amount' },
      { key: 'invoice-escalate', kind: 'escalation', boundaryEventId: 'BoundaryEvent_1uy9o9h', code: 'invoice-escalate', refId: 'Escalation_0ubslwx', label: 'Suspicous sender' },
    ]);
  });

  it('When "Pay Invoice" is completed normally, then it ends at "Invoice Paid"', async () => {
    const s = new Scenario(world, example('invoicePayment.bpmn'));
    await s.start();
    expect((await s.complete('Task_16y91ka')).status).toBe('completed');
    expect(await finished(s)).toEqual([['Task_16y91ka', 'completed', null]]);
    expect(await ends(s)).toEqual([1, 0, 0]);
  });

  it('When the error decision is chosen, then it takes the error path to "Invoice Archived"', async () => {
    const s = new Scenario(world, example('invoicePayment.bpmn'));
    await s.start();
    await s.complete('Task_16y91ka', { decision: 'invoice-error' });
    expect(await s.openTaskIds()).toEqual(['Task_1a2twqz']);
    expect((await s.complete('Task_1a2twqz')).status).toBe('completed');
    expect(await finished(s)).toEqual([
      ['Task_16y91ka', 'completed', 'invoice-error'],
      ['Task_1a2twqz', 'completed', null],
    ]);
    expect(await ends(s)).toEqual([0, 1, 0]);
  });

  it('When the escalation decision is chosen, then it takes the escalation path to "Invoice Escalated"', async () => {
    const s = new Scenario(world, example('invoicePayment.bpmn'));
    await s.start();
    await s.complete('Task_16y91ka', { decision: 'invoice-escalate' });
    expect(await s.openTaskIds()).toEqual(['Task_0q869n2']);
    expect((await s.complete('Task_0q869n2')).status).toBe('completed');
    expect(await finished(s)).toEqual([
      ['Task_16y91ka', 'completed', 'invoice-escalate'],
      ['Task_0q869n2', 'completed', null],
    ]);
    expect(await ends(s)).toEqual([0, 0, 1]);
  });
});

describe('Given the Camunda example react-example.bpmn', () => {
  it('When the invoice is approved, then it takes the "yes" path (${approved}) through the bank statement and archive to "Invoice Processed"', async () => {
    const s = new Scenario(world, example('react-example.bpmn'));
    await s.start();
    const step = await s.complete('Task_1a9adlo', { data: { approved: true } });
    expect(step.status).toBe('completed');
    const { state, variables } = await s.instance();
    expect(variables).toEqual({ approved: true });
    expect([timesTaken(state, 'EndEvent_0zc07k5'), timesTaken(state, 'EndEvent_0fmx4bw')]).toEqual([1, 0]);
  });

  it('When the invoice is not approved, then it takes the "no" path (${not approved}) through the rejection notice to "Invoice not processed"', async () => {
    const s = new Scenario(world, example('react-example.bpmn'));
    await s.start();
    const step = await s.complete('Task_1a9adlo', { data: { approved: false } });
    expect(step.status).toBe('completed');
    const { state } = await s.instance();
    expect([timesTaken(state, 'EndEvent_0zc07k5'), timesTaken(state, 'EndEvent_0fmx4bw')]).toEqual([0, 1]);
  });

  it('When "approved" is missing, then the step fails rather than guess', async () => {
    const s = new Scenario(world, example('react-example.bpmn'));
    await s.start();
    await expect(s.complete('Task_1a9adlo')).rejects.toMatchObject({ code: 'run.failed' });
    expect(await s.openTaskIds()).toEqual(['Task_1a9adlo']);
  });
});
