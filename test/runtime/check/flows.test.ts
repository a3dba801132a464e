import { checkExecutable } from '../../../runtime/check/index.js';
import { chain, diagram, flow, userTask } from './diagram.js';

/** start → decide (user task) → gateway → one end per condition (+ a default end). */
function gateway(conditions: string[], options: { type?: string; withDefault?: boolean; language?: string } = {}): string {
  const type = options.type ?? 'exclusiveGateway';
  const ends = conditions.map((_, i) => `<bpmn:endEvent id="end${i}"/>`).join('');
  const flows = conditions.map((condition, i) => flow(`c${i}`, 'gw', `end${i}`, condition, options.language)).join('');
  const fallback = options.withDefault ? `<bpmn:endEvent id="endDefault"/>${flow('fallback', 'gw', 'endDefault')}` : '';
  return diagram(
    `<bpmn:startEvent id="start"/>${userTask('decide')}<bpmn:${type} id="gw"${options.withDefault ? ' default="fallback"' : ''}/>${ends}${fallback}${chain('start', 'decide', 'gw')}${flows}`,
  );
}

async function codes(xml: string): Promise<string[]> {
  return (await checkExecutable(xml)).problems.map((problem) => `${problem.code} ${problem.elementId}`);
}

/** The whole problem a rule reports: element id, name, type, code, reason, severity. */
function error(elementId: string, elementType: string, code: string, message: string, elementName?: string) {
  // The Vietnamese text is tested in messages.test.ts.
  return { elementId, ...(elementName && { elementName }), elementType, code, message, messageVi: expect.any(String), severity: 'error' };
}

const noDefault = (gatewayType: 'exclusive' | 'inclusive') =>
  error('gw', `bpmn:${gatewayType === 'exclusive' ? 'Exclusive' : 'Inclusive'}Gateway`, 'gateway.no_default',
    `The conditions leaving the ${gatewayType} gateway gw may all be false and it has no default flow: mark one flow as default`);

describe('checkExecutable: conditions', () => {
  it('refuses a JavaScript condition, and any other script language', async () => {
    expect(await codes(gateway(['next(null, true)'], { withDefault: true, language: 'javascript' }))).toEqual(['condition.script c0']);
    expect(await codes(gateway(['true'], { withDefault: true, language: 'groovy' }))).toEqual(['condition.script c0']);
  });

  it('accepts FEEL declared as such', async () => {
    expect(await codes(gateway(['amount > 1'], { withDefault: true, language: 'feel' }))).toEqual([]);
  });

  it('refuses FEEL that does not parse and JUEL it cannot translate, with the reason', async () => {
    const report = await checkExecutable(gateway(['amount >', '#{approval.isApproved(dossier)}'], { withDefault: true }));
    expect(report.problems.map((problem) => problem.code)).toEqual(['condition.invalid', 'condition.invalid']);
    expect(report.problems[0].message).toContain('FEEL syntax error');
    expect(report.problems[1].message).toContain('method call approval.isApproved(…)');
  });

  it('refuses an empty condition', async () => {
    expect(await codes(gateway([' '], { withDefault: true }))).toEqual(['condition.empty c0']);
  });
});

describe('checkExecutable: gateways', () => {
  it.each([
    [['${approved}', '${not approved}']],
    [['#{approved}', '#{!approved}']],
    [['amount > 100', 'amount <= 100']],
    [['100 < amount', 'amount <= 100']],
    [['decision = "accept"', 'decision != "accept"']],
    [['a and b', 'not(a) or not(b)']],
    [['${a && b}', '${!(a && b)}']],
    [['decision = "accept"', 'decision = "refuse"', 'decision != "accept" and decision != "refuse"']],
    [['true']],
  ])('accepts conditions that cannot all be false without a default: %j', async (conditions) => {
    expect(await codes(gateway(conditions))).toEqual([]);
  });

  it.each([
    [['decision = "accept"', 'decision = "refuse"']],
    [['approved = true', 'approved = false']],
    [['amount > 100', 'amount < 100']],
    [['count(items) > 0', 'count(items) = 0']],
    [['${approved}']],
  ])('asks for a default flow when conditions may all be false: %j', async (conditions) => {
    expect(await checkExecutable(gateway(conditions))).toEqual({ ok: false, problems: [noDefault('exclusive')] });
  });

  it('names the gateway by its name and id when it has one', async () => {
    const xml = gateway(['decision = "accept"', 'decision = "refuse"']).replace('<bpmn:exclusiveGateway id="gw"', '<bpmn:exclusiveGateway id="gw" name="Hồ sơ  hợp lệ?"');
    expect((await checkExecutable(xml)).problems).toEqual([
      error('gw', 'bpmn:ExclusiveGateway', 'gateway.no_default',
        'The conditions leaving the exclusive gateway "Hồ sơ hợp lệ?" (gw) may all be false and it has no default flow: mark one flow as default', 'Hồ sơ hợp lệ?'),
    ]);
  });

  it('is content with a default flow', async () => {
    expect(await codes(gateway(['decision = "accept"', 'decision = "refuse"'], { withDefault: true }))).toEqual([]);
  });

  it('applies the same rule to inclusive gateways', async () => {
    expect((await checkExecutable(gateway(['a', 'b'], { type: 'inclusiveGateway' }))).problems).toEqual([noDefault('inclusive')]);
    expect(await codes(gateway(['a', 'b'], { type: 'inclusiveGateway', withDefault: true }))).toEqual([]);
  });

  it('refuses an unconditional flow beside others that is not the default', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('decide')}<bpmn:exclusiveGateway id="gw" default="d"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>` +
        chain('start', 'decide', 'gw') + flow('c', 'gw', 'e1', 'a') + flow('loose', 'gw', 'e2') + flow('d', 'gw', 'e3'),
    );
    expect(await codes(xml)).toEqual(['gateway.unconditional_flow loose']);
  });

  it('refuses a condition on the default flow', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('decide')}<bpmn:exclusiveGateway id="gw" default="d"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>` +
        chain('start', 'decide', 'gw') + flow('c', 'gw', 'e1', 'a') + flow('d', 'gw', 'e2', 'not(a)'),
    );
    expect(await codes(xml)).toEqual(['gateway.default_has_condition d']);
  });

  it('warns that conditions after a parallel gateway are ignored', async () => {
    const report = await checkExecutable(gateway(['a', 'b'], { type: 'parallelGateway' }));
    expect(report.ok).toBe(true);
    expect(report.problems.map((problem) => `${problem.code} ${problem.severity}`)).toEqual(['gateway.condition_ignored warning', 'gateway.condition_ignored warning']);
  });

  it('asks the same of an activity whose flows are all conditional', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/>${userTask('t')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${chain('start', 't')}${flow('a', 't', 'e1', 'x > 1')}${flow('b', 't', 'e2', 'x > 5')}`);
    expect((await checkExecutable(xml)).problems).toEqual([
      error('t', 'bpmn:UserTask', 'flow.conditions_may_all_fail', 'Every flow leaving the user task "t" (t) has a condition, they may all be false, and there is no default flow', 't'),
    ]);
  });
});

describe('checkExecutable: the shape of the process', () => {
  it('needs a start and an end event', async () => {
    expect((await checkExecutable(diagram(`${userTask('t')}<bpmn:endEvent id="end"/>${chain('t', 'end')}`))).problems).toEqual([
      error('main', 'bpmn:Process', 'graph.no_start', 'The process has no start event'),
    ]);
    expect((await checkExecutable(diagram(`<bpmn:startEvent id="start"/>${userTask('t')}${chain('start', 't')}`))).problems).toEqual([
      error('main', 'bpmn:Process', 'graph.no_end', 'The process has no end event'),
    ]);
  });

  it('reports what cannot be reached from a start', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/>${userTask('t')}${userTask('orphan')}<bpmn:endEvent id="end"/>${chain('start', 't', 'end')}${flow('o', 'orphan', 'end')}`);
    expect((await checkExecutable(xml)).problems).toEqual([
      error('orphan', 'bpmn:UserTask', 'graph.unreachable', 'The user task "orphan" (orphan) cannot be reached from a start event', 'orphan'),
    ]);
  });

  it('reports an element that stops without an end event, and what can only lead there', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('t')}<bpmn:exclusiveGateway id="gw" default="toEnd"/>${userTask('stuck')}${userTask('before')}<bpmn:endEvent id="end"/>` +
        chain('start', 't', 'gw') + flow('toEnd', 'gw', 'end') + flow('toStuck', 'gw', 'before', 'x') + chain('before', 'stuck'),
    );
    expect((await checkExecutable(xml)).problems).toEqual([
      error('stuck', 'bpmn:UserTask', 'graph.dead_end', 'The user task "stuck" (stuck) has no outgoing sequence flow and is not an end event', 'stuck'),
      error('before', 'bpmn:UserTask', 'graph.cannot_reach_end', 'No path leads from the user task "before" (before) to an end event', 'before'),
    ]);
  });

  it('accepts a loop that waits for someone, such as a request to supplement', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('check')}<bpmn:exclusiveGateway id="complete" default="yes"/><bpmn:receiveTask id="supplement"/><bpmn:endEvent id="end"/>` +
        chain('start', 'check', 'complete') + flow('yes', 'complete', 'end') + flow('no', 'complete', 'supplement', 'missing = true') + flow('back', 'supplement', 'check'),
    );
    expect(await codes(xml)).toEqual([]);
  });

  it('refuses a loop in which nothing waits', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/><bpmn:serviceTask id="retry" name="Call the registry" esb:connector="http"/><bpmn:exclusiveGateway id="ok" default="again"/><bpmn:endEvent id="end"/>` +
        chain('start', 'retry', 'ok') + flow('done', 'ok', 'end', 'status = 200') + flow('again', 'ok', 'retry'),
    );
    expect(await checkExecutable(xml)).toEqual({
      ok: false,
      problems: [error('retry', 'bpmn:ServiceTask', 'graph.loop_without_wait', 'A loop with no waiting step (user or receive task, message or timer event; a manual task does not wait) runs through retry, ok: an instance would go round it without end', 'Call the registry')],
    });
  });

  it('refuses a loop of manual tasks only: the runtime passes manual tasks through, as Camunda does', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/><bpmn:manualTask id="file"/><bpmn:manualTask id="stamp"/><bpmn:exclusiveGateway id="filed" default="again"/><bpmn:endEvent id="end"/>` +
        chain('start', 'file', 'stamp', 'filed') + flow('done', 'filed', 'end', 'stamped = true') + flow('again', 'filed', 'file'),
    );
    expect((await checkExecutable(xml)).problems).toEqual([
      error('file', 'bpmn:ManualTask', 'graph.loop_without_wait', 'A loop with no waiting step (user or receive task, message or timer event; a manual task does not wait) runs through file, stamp, filed: an instance would go round it without end'),
    ]);
  });

  it('counts a sub-process with a user task in it as waiting', async () => {
    const sub = `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${userTask('st')}<bpmn:endEvent id="se"/>${chain('ss', 'st', 'se')}</bpmn:subProcess>`;
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${sub}<bpmn:exclusiveGateway id="again" default="stop"/><bpmn:endEvent id="end"/>` +
        chain('start', 'sub', 'again') + flow('stop', 'again', 'end') + flow('loop', 'again', 'sub', 'retry'),
    );
    expect(await codes(xml)).toEqual([]);
  });

  it('checks the inside of sub-processes on their own', async () => {
    const sub = `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${userTask('st')}${chain('ss', 'st')}</bpmn:subProcess>`;
    const xml = diagram(`<bpmn:startEvent id="start"/>${sub}<bpmn:endEvent id="end"/>${chain('start', 'sub', 'end')}`);
    expect((await checkExecutable(xml)).problems).toEqual([error('sub', 'bpmn:SubProcess', 'graph.no_end', 'The sub process sub has no end event')]);
    const empty = diagram(`<bpmn:startEvent id="start"/><bpmn:subProcess id="sub"/><bpmn:endEvent id="end"/>${chain('start', 'sub', 'end')}`);
    expect(await codes(empty)).toEqual(['graph.no_start sub']);
  });

  it('follows a boundary event from its task', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/>${userTask('t')}<bpmn:boundaryEvent id="late" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>${userTask('apologise')}<bpmn:endEvent id="end"/><bpmn:endEvent id="end2"/>` +
        chain('start', 't', 'end') + chain('late', 'apologise', 'end2'),
    );
    expect(await codes(xml)).toEqual([]);
  });

  it('stays quick and within the stack on a very long chain of steps', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `t${i}`);
    const xml = diagram(`<bpmn:startEvent id="start"/>${ids.map((id) => userTask(id)).join('')}<bpmn:endEvent id="end"/>${chain('start', ...ids, 'end')}`);
    const started = Date.now();
    expect(await checkExecutable(xml)).toEqual({ ok: true, problems: [] });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
