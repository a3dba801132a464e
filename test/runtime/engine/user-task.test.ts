/**
 * User tasks become task rows, and completing one continues the instance from its stored
 * state: Given/When/Then on test/runtime/fixtures/user-task.bpmn.
 */
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';
import { isRuntimeError } from '../../../runtime/engine/errors.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

const halfDayLater = { dueAt: (_trx: unknown, r: { from: Date; days?: number }) => new Date(r.from.getTime() + (r.days ?? 0) * 86_400_000) };

describe('Given a user task (user-task.bpmn)', () => {
  it('When the instance reaches it, then it is a task row with its groups, users, form, decisions, status and due date', async () => {
    const s = new Scenario(world, fixture('user-task'), (w) => freshRuntime(w, { deadlines: halfDayLater }));
    const started = await s.start({ applicant: 'Nguyễn Văn A' });

    expect(started.status).toBe('running');
    expect(started.createdTasks).toHaveLength(1);
    expect(started.statusChanges).toEqual([{ elementId: 'receive', elementName: 'Receive the dossier', status: 2 }]);
    const [task] = await s.openTasks();
    expect(task).toMatchObject({
      tenant_id: world.tenantId,
      element_id: 'receive',
      element_name: 'Receive the dossier',
      candidate_groups: ['tiep-nhan', 'mot-cua'],
      candidate_users: ['u1'],
      assignee: null,
      form_key: 'reception-form',
      dossier_status: 2,
      status: 'open',
    });
    expect(task.decisions).toEqual([
      { key: 'accept', kind: 'complete' },
      { key: 'refuse', kind: 'complete' },
    ]);
    expect(task.due_at!.getTime() - task.created_at.getTime()).toBe(43_200_000);
    const instance = await s.instance();
    expect(instance.variables).toEqual({ applicant: 'Nguyễn Văn A' });
    expect(instance.business_key).toBe(task.business_key);
  });

  it('When it is reached at Friday 15:00 with the default deadlines, then it is due on the tenant\'s working calendar: half a day later skips the weekend and Hùng Kings day', async () => {
    // Friday 4 April 2025, 15:00 in Vietnam; Monday 7 April 2025 is Hùng Kings day.
    const clock = () => new Date('2025-04-04T08:00:00Z');
    const s = new Scenario(world, fixture('user-task'), (w) => freshRuntime(w, { clock }));
    await s.start();
    const [task] = await s.openTasks();
    expect(task.created_at.toISOString()).toBe('2025-04-04T08:00:00.000Z');
    // Two working hours on Friday, two on Tuesday morning: 10:00 in Vietnam.
    expect(task.due_at!.toISOString()).toBe('2025-04-08T03:00:00.000Z');
  });

  it('When a completion\'s data names decision or decisions, then it is refused (task.input_reserved) and the task stays open', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    for (const data of [{ decisions: { receive: 'refuse' } }, { decision: 'refuse' }]) {
      const refused = await s.complete('receive', { decision: 'accept', data }).catch((e) => e);
      expect(isRuntimeError(refused) && refused.code).toBe('task.input_reserved');
    }
    const [task] = await s.openTasks();
    expect(task.status).toBe('open');
    expect((await s.instance()).variables).toEqual({});
  });

  it('When it is completed with a decision and data, then they become process variables and the instance ends', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const step = await s.complete('receive', { decision: 'accept', data: { note: 'đủ hồ sơ' }, actor: 'acc-7' });

    expect(step.status).toBe('completed');
    expect(step.closedTasks).toEqual([expect.objectContaining({ elementId: 'receive', status: 'completed' })]);
    expect(step.statusChanges).toEqual([{ elementId: 'done', status: 9 }]);
    const [task] = await s.allTasks();
    expect(task).toMatchObject({ status: 'completed', decision: 'accept', data: { note: 'đủ hồ sơ' }, completed_by: 'acc-7' });
    const instance = await s.instance();
    expect(instance.status).toBe('completed');
    expect(instance.ended_at).not.toBeNull();
    expect(instance.variables).toEqual({ note: 'đủ hồ sơ', decision: 'accept', decisions: { receive: 'accept' } });
  });

  it('When it is completed with a decision it does not offer, or without one, then the completion is refused and nothing changes', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const before = await s.instance();
    await expect(s.complete('receive', { decision: 'approve' })).rejects.toMatchObject({ code: 'task.decision_not_offered' });
    await expect(s.complete('receive', {})).rejects.toMatchObject({ code: 'task.decision_required' });
    expect((await s.instance()).row_version).toBe(before.row_version);
    expect(await s.openTaskIds()).toEqual(['receive']);
  });

  it('When it is completed a second time, then the completion is refused with a typed conflict', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const task = await s.task('receive');
    await s.tx((trx, rt) => rt.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'a', decision: 'accept' }));
    const second = await s
      .tx((trx, rt) => rt.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'b', decision: 'refuse' }))
      .catch((err) => err);
    expect(isRuntimeError(second, 'task.already_completed')).toBe(true);
    expect(second.isConflict).toBe(true);
  });

  it('When the instance waits at it, then the stored state is lean: no serialized definition in it', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const { state } = await s.instance();
    const text = JSON.stringify(state);
    expect(text).not.toContain('"source"');
    expect(text).not.toContain('bpmn:Definitions","id"');
    expect(text.length).toBeLessThan(12_000);
  });

  it('Given its attributes written as expressions (user-task-expressions.bpmn), when it is reached, then JUEL (${…}) and FEEL (=…) in candidate groups, candidate users, assignee, form key and due date are resolved into the task rows', async () => {
    // Given a diagram whose first task is assigned by JUEL and whose second by FEEL
    const s = new Scenario(world, fixture('user-task-expressions'));
    // When it starts with the unit, officials, kind and dates as variables
    await s.start({
      unitGroup: 'tiep-nhan',
      deputy: 'acc-2',
      officer: 'acc-1',
      kind: 'dat-dai',
      replyBy: '2026-03-02T10:00:00Z',
      signBy: '2026-03-05T09:30:00Z',
    });
    // Then the JUEL task row holds the resolved values
    expect(await s.task('juel')).toMatchObject({
      candidate_groups: ['tiep-nhan'],
      candidate_users: ['acc-2'],
      assignee: 'acc-1',
      form_key: 'form-dat-dai',
      due_at: new Date('2026-03-02T10:00:00Z'),
    });
    // When the first task completes with the next official in its data (a new runtime)
    await s.complete('juel', { decision: 'forward', data: { nextOfficer: 'acc-9' } });
    // Then the FEEL task row holds the resolved values, the assignee from that data
    expect(await s.task('feel')).toMatchObject({
      candidate_groups: ['tiep-nhan', 'lanh-dao'],
      candidate_users: ['acc-2'],
      assignee: 'acc-9',
      form_key: 'sign-dat-dai',
      due_at: new Date('2026-03-05T09:30:00Z'),
    });
  });

  it('When another tenant tries to complete it, then the task is not found', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const task = await s.task('receive');
    const other = await createWorld(world.handle);
    await expect(
      s.tx((trx, rt) => rt.completeTask(trx, { tenantId: other.tenantId, taskId: task.id, actor: 'x', decision: 'accept' })),
    ).rejects.toMatchObject({ code: 'task.not_found' });
  });
});
