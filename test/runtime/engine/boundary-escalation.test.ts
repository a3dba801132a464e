/**
 * Escalation boundary events on a user task, offered to the official as decisions (as
 * Camunda's task forms offer them): boundary-escalation.bpmn has an interrupting one
 * ("refer to the leader") and a non-interrupting one ("ask the legal office").
 */
import { checkExecutable } from '../../../runtime/check/index.js';
import { createWorld, fixture, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

describe('Given a user task with an interrupting and a non-interrupting escalation boundary (boundary-escalation.bpmn)', () => {
  it('When the diagram is checked, then it is executable', async () => {
    expect(await checkExecutable(fixture('boundary-escalation'))).toEqual({ ok: true, problems: [] });
  });

  it('When the task is open, then both escalations are offered as decisions besides its own, by their codes', async () => {
    const s = new Scenario(world, fixture('boundary-escalation'));
    await s.start();
    expect((await s.task('appraise')).decisions).toEqual([
      { key: 'approve', kind: 'complete' },
      { key: 'to-leader', kind: 'escalation', boundaryEventId: 'toLeader', code: 'to-leader', refId: 'Esc_leader', label: 'Refer to the leader' },
      { key: 'ask-legal', kind: 'escalation', boundaryEventId: 'askLegal', code: 'ask-legal', refId: 'Esc_advice', label: 'Ask the legal office' },
    ]);
  });

  it('When the official chooses the interrupting escalation, then the task is closed with that decision and the process follows the boundary path', async () => {
    const s = new Scenario(world, fixture('boundary-escalation'));
    await s.start();
    const step = await s.complete('appraise', { decision: 'to-leader', data: { note: 'vượt thẩm quyền' } });

    expect(step.status).toBe('running');
    expect(step.closedTasks).toEqual([expect.objectContaining({ elementId: 'appraise', status: 'completed' })]);
    expect(step.createdTasks.map((t) => t.elementId)).toEqual(['leaderDecides']);
    expect(step.statusChanges).toEqual([{ elementId: 'leaderDecides', elementName: 'Leader decides', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['leaderDecides']);
    const appraise = (await s.allTasks()).find((t) => t.element_id === 'appraise')!;
    expect(appraise).toMatchObject({ status: 'completed', decision: 'to-leader', data: { note: 'vượt thẩm quyền' } });
    expect((await s.instance()).variables).toMatchObject({ decision: 'to-leader', note: 'vượt thẩm quyền' });

    // The task is gone from the engine too: the leader's decision ends the instance.
    const done = await s.complete('leaderDecides');
    expect(done.status).toBe('completed');
  });

  it('When the official chooses the non-interrupting escalation, then the task stays open and the boundary path runs beside it; the escalation is raised once', async () => {
    const s = new Scenario(world, fixture('boundary-escalation'));
    await s.start();
    const step = await s.complete('appraise', { decision: 'ask-legal', data: { question: 'thẩm quyền cấp xã?' } });

    expect(step.status).toBe('running');
    expect(step.closedTasks).toEqual([]);
    expect(step.createdTasks.map((t) => t.elementId)).toEqual(['advise']);
    expect(await s.openTaskIds()).toEqual(['advise', 'appraise']);
    expect(await s.task('appraise')).toMatchObject({ status: 'open', decision: null, completed_at: null });
    // The choice and its data are process variables at once, for the boundary path's gateways.
    expect((await s.instance()).variables).toEqual({ question: 'thẩm quyền cấp xã?', decision: 'ask-legal', decisions: { appraise: 'ask-legal' } });

    // bpmn-elements' boundary catches once: a second request is refused and changes nothing.
    const before = await s.instance();
    await expect(s.complete('appraise', { decision: 'ask-legal' })).rejects.toMatchObject({ code: 'task.not_waiting', details: { boundaryEventId: 'askLegal' } });
    expect((await s.instance()).row_version).toBe(before.row_version);
    expect(await s.openTaskIds()).toEqual(['advise', 'appraise']);

    // The task's own completion replaces the decision; the instance ends with the advice.
    const approved = await s.complete('appraise', { decision: 'approve' });
    expect(approved.status).toBe('running');
    expect(approved.statusChanges).toEqual([{ elementId: 'approved', status: 9 }]);
    expect(approved.variables).toMatchObject({ decision: 'approve', decisions: { appraise: 'approve' } });
    expect(await s.openTaskIds()).toEqual(['advise']);
    expect((await s.complete('advise')).status).toBe('completed');
  });
});
