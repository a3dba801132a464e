import { checkExecutable, type Problem } from '../../../runtime/check/index.js';
import { chain, definitions, diagram, flow, userTask, valid } from './diagram.js';

async function problems(xml: string, options?: Parameters<typeof checkExecutable>[1]): Promise<Problem[]> {
  return (await checkExecutable(xml, options)).problems;
}

async function codes(xml: string, options?: Parameters<typeof checkExecutable>[1]): Promise<string[]> {
  return (await problems(xml, options)).map((problem) => `${problem.code} ${problem.elementId}`);
}

describe('checkExecutable: the document', () => {
  it('passes a minimal process', async () => {
    expect(await checkExecutable(valid())).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['malformed XML', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">', 'definition.malformed_xml'],
    ['text that is not XML', 'hello', 'definition.malformed_xml'],
    ['XML that is not BPMN', '<html><body/></html>', 'definition.not_bpmn'],
    ['an empty string', '   ', 'definition.empty'],
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>${valid().replace(/^<\?xml[^>]*>/, '')}`, 'definition.doctype_refused'],
    ['an entity declaration alone', valid().replace('<bpmn:process', '<!ENTITY e SYSTEM "file:///etc/passwd"><bpmn:process'), 'definition.doctype_refused'],
    ['more than 5 MB', valid().replace('</bpmn:definitions>', `<!--${'x'.repeat(5 * 1024 * 1024)}--></bpmn:definitions>`), 'definition.too_large'],
  ])('reports %s instead of throwing', async (_what, xml, code) => {
    const report = await checkExecutable(xml);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ elementId: '', elementType: 'bpmn:Definitions', code, severity: 'error' })]);
  });

  it('reports a value that is not text at all', async () => {
    expect((await checkExecutable(undefined as unknown as string)).problems[0].code).toBe('definition.not_text');
  });

  it('reports a flow to an element that does not exist', async () => {
    const xml = diagram(`<bpmn:startEvent id="start"/>${userTask('receive')}<bpmn:endEvent id="end"/>${chain('start', 'receive', 'end')}${flow('lost', 'receive', 'nowhere')}`);
    expect(await codes(xml)).toContain('diagram.unresolved_reference lost');
  });
});

describe('checkExecutable: pools', () => {
  const pool = (id: string, executable: boolean | undefined, body: string) =>
    `<bpmn:process id="${id}"${executable === undefined ? '' : ` isExecutable="${executable}"`}>${body}</bpmn:process>`;
  const collaboration = `<bpmn:collaboration id="c"><bpmn:participant id="officials" name="Ủy ban" processRef="p1"/><bpmn:participant id="citizen" name="Công dân" processRef="p2"/></bpmn:collaboration>`;
  const body = (prefix: string) => `<bpmn:startEvent id="${prefix}s"/>${userTask(`${prefix}t`)}<bpmn:endEvent id="${prefix}e"/>${chain(`${prefix}s`, `${prefix}t`, `${prefix}e`)}`;

  it('runs the one executable pool and skips the others with a warning', async () => {
    const xml = definitions(collaboration + pool('p1', true, body('a')) + pool('p2', false, `<bpmn:startEvent id="x"/><bpmn:scriptTask id="y"/>`));
    const report = await checkExecutable(xml);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([
      expect.objectContaining({ elementId: 'p2', code: 'process.skipped', severity: 'warning', message: expect.stringContaining('"Công dân"') }),
    ]);
  });

  it('requires an executable process, and checks them all meanwhile', async () => {
    const xml = definitions(pool('p1', undefined, body('a') + '<bpmn:scriptTask id="script"/>'));
    expect(await codes(xml)).toEqual(expect.arrayContaining(['process.none_executable p1', 'script.refused script']));
  });

  it('refuses a second executable pool', async () => {
    const xml = definitions(collaboration + pool('p1', true, body('a')) + pool('p2', true, body('b')));
    expect(await codes(xml)).toEqual(['process.several_executable p2']);
  });
});

describe('checkExecutable: elements', () => {
  const around = (element: string, id: string) =>
    diagram(`<bpmn:startEvent id="start"/>${element}<bpmn:endEvent id="end"/>${chain('start', id, 'end')}`);

  it.each([
    ['a none task', '<bpmn:task id="x"/>'],
    ['a manual task', '<bpmn:manualTask id="x"/>'],
    ['a receive task', '<bpmn:receiveTask id="x"/>'],
    ['a service task with a connector', '<bpmn:serviceTask id="x" esb:connector="notify"/>'],
    ['a send task with a connector', '<bpmn:sendTask id="x" esb:connector="portal-sync"/>'],
    ['a timer catch event', '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'],
    ['a message catch event', '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>'],
    ['a milestone (none throw event)', '<bpmn:intermediateThrowEvent id="x" esb:dossierStatus="4"/>'],
    ['a parallel multi-instance user task', userTask('x', 'camunda:candidateGroups="tham-dinh"', '<bpmn:multiInstanceLoopCharacteristics camunda:collection="${reviewers}" camunda:elementVariable="reviewer"/>')],
    [
      'an embedded sub-process',
      `<bpmn:subProcess id="x"><bpmn:startEvent id="ss"/>${userTask('st')}<bpmn:endEvent id="se"/>${chain('ss', 'st', 'se')}</bpmn:subProcess>`,
    ],
  ])('accepts %s', async (_what, element) => {
    expect(await checkExecutable(around(element, 'x'))).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['script task', '<bpmn:scriptTask id="x" scriptFormat="javascript"><bpmn:script>next()</bpmn:script></bpmn:scriptTask>', 'script.refused', 'bpmn:ScriptTask'],
    ['business rule task', '<bpmn:businessRuleTask id="x"/>', 'element.unsupported', 'bpmn:BusinessRuleTask'],
    ['complex gateway', '<bpmn:complexGateway id="x"/>', 'element.unsupported', 'bpmn:ComplexGateway'],
    ['transaction', '<bpmn:transaction id="x"><bpmn:startEvent id="ts"/><bpmn:endEvent id="te"/>' + chain('ts', 'te') + '</bpmn:transaction>', 'element.unsupported', 'bpmn:Transaction'],
    ['ad-hoc sub-process', '<bpmn:adHocSubProcess id="x"><bpmn:task id="a"/></bpmn:adHocSubProcess>', 'element.unsupported', 'bpmn:AdHocSubProcess'],
    ['signal throw event', '<bpmn:intermediateThrowEvent id="x"><bpmn:signalEventDefinition/></bpmn:intermediateThrowEvent>', 'element.unsupported', 'bpmn:IntermediateThrowEvent[signal]'],
    ['conditional catch event', '<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition/></bpmn:intermediateCatchEvent>', 'element.unsupported', 'bpmn:IntermediateCatchEvent[conditional]'],
    ['sequential multi-instance', userTask('x', 'camunda:candidateGroups="g"', '<bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="${a}"/>'), 'element.unsupported', 'bpmn:UserTask[sequential multi-instance]'],
    ['multi-instance service task', '<bpmn:serviceTask id="x" esb:connector="notify"><bpmn:multiInstanceLoopCharacteristics/></bpmn:serviceTask>', 'element.unsupported', 'bpmn:ServiceTask[multi-instance]'],
    ['standard loop', userTask('x', 'camunda:candidateGroups="g"', '<bpmn:standardLoopCharacteristics/>'), 'element.unsupported', 'bpmn:UserTask[loop]'],
  ])('refuses a %s, naming it', async (_what, element, code, feature) => {
    const found = (await problems(around(element, 'x'))).find((problem) => problem.elementId === 'x' && problem.unsupported);
    expect(found).toMatchObject({ code, unsupported: feature, severity: 'error' });
  });

  it('refuses signal and compensation end events, and keeps error and terminate end events', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>` +
        `<bpmn:endEvent id="signal"><bpmn:signalEventDefinition/></bpmn:endEvent>` +
        `<bpmn:endEvent id="compensate"><bpmn:compensateEventDefinition/></bpmn:endEvent>` +
        `<bpmn:endEvent id="error"><bpmn:errorEventDefinition/></bpmn:endEvent>` +
        `<bpmn:endEvent id="terminate"><bpmn:terminateEventDefinition/></bpmn:endEvent>` +
        chain('start', 'fork') + flow('a', 'fork', 'signal') + flow('b', 'fork', 'compensate') + flow('c', 'fork', 'error') + flow('d', 'fork', 'terminate'),
    );
    expect((await problems(xml)).map((problem) => problem.unsupported)).toEqual(['bpmn:EndEvent[signal]', 'bpmn:EndEvent[compensate]']);
  });

  it('allows a message or timer start only at the top of the process', async () => {
    const xml = diagram(
      `<bpmn:startEvent id="start"><bpmn:messageEventDefinition/></bpmn:startEvent>` +
        `<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>${userTask('st')}<bpmn:endEvent id="se"/>${chain('ss', 'st', 'se')}</bpmn:subProcess>` +
        `<bpmn:endEvent id="end"/>${chain('start', 'sub', 'end')}`,
    );
    expect((await problems(xml)).map((problem) => [problem.elementId, problem.unsupported])).toEqual([['ss', 'bpmn:StartEvent[timer]']]);
  });

  describe('boundary events', () => {
    const host = (task: string, boundary: string) =>
      diagram(`<bpmn:startEvent id="start"/>${task}${boundary}<bpmn:endEvent id="end"/><bpmn:endEvent id="end2"/>${chain('start', 'host', 'end')}${flow('out', 'b', 'end2')}`);
    const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition>';

    it.each([
      ['an interrupting timer on a user task', userTask('host'), `<bpmn:boundaryEvent id="b" attachedToRef="host">${timer}</bpmn:boundaryEvent>`],
      ['a non-interrupting timer on a user task', userTask('host'), `<bpmn:boundaryEvent id="b" attachedToRef="host" cancelActivity="false">${timer}</bpmn:boundaryEvent>`],
      ['an escalation on a user task', userTask('host'), '<bpmn:boundaryEvent id="b" attachedToRef="host"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>'],
      ['an error on a user task', userTask('host'), '<bpmn:boundaryEvent id="b" attachedToRef="host"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>'],
      ['an error on a service task', '<bpmn:serviceTask id="host" esb:connector="http"/>', '<bpmn:boundaryEvent id="b" attachedToRef="host"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>'],
    ])('accepts %s', async (_what, task, boundary) => {
      expect(await checkExecutable(host(task, boundary))).toEqual({ ok: true, problems: [] });
    });

    it.each([
      ['a timer on a service task', '<bpmn:serviceTask id="host" esb:connector="http"/>', `<bpmn:boundaryEvent id="b" attachedToRef="host">${timer}</bpmn:boundaryEvent>`, 'bpmn:BoundaryEvent[timer]'],
      ['a message on a user task', userTask('host'), '<bpmn:boundaryEvent id="b" attachedToRef="host"><bpmn:messageEventDefinition/></bpmn:boundaryEvent>', 'bpmn:BoundaryEvent[message]'],
      ['an escalation on a service task', '<bpmn:serviceTask id="host" esb:connector="http"/>', '<bpmn:boundaryEvent id="b" attachedToRef="host"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>', 'bpmn:BoundaryEvent[escalation]'],
      ['a non-interrupting error', userTask('host'), '<bpmn:boundaryEvent id="b" attachedToRef="host" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>', 'bpmn:BoundaryEvent[non-interrupting error]'],
    ])('refuses %s', async (_what, task, boundary, feature) => {
      expect((await problems(host(task, boundary))).map((problem) => problem.unsupported)).toEqual([feature]);
    });
  });
});

describe('checkExecutable: tasks', () => {
  const one = (task: string) => diagram(`<bpmn:startEvent id="start"/>${task}<bpmn:endEvent id="end"/>${chain('start', 't', 'end')}`);

  it.each(['camunda:candidateGroups="tiep-nhan"', 'camunda:candidateUsers="an,binh"', 'camunda:assignee="${initiator}"', 'camunda:candidateGroups="${unit}/chuyen-vien"'])(
    'accepts a user task assigned with %s',
    async (attribute) => {
      expect(await checkExecutable(one(userTask('t', attribute)))).toEqual({ ok: true, problems: [] });
    },
  );

  it('refuses a user task assigned to nobody, or only warns when asked to', async () => {
    expect(await codes(one(userTask('t', '')))).toEqual(['user_task.unassigned t']);
    expect((await checkExecutable(one(userTask('t', '')), { unassignedUserTask: 'warning' })).ok).toBe(true);
  });

  it('refuses assignment and due dates it cannot evaluate', async () => {
    const found = await problems(one(userTask('t', 'camunda:candidateGroups="${groups.pick(unit)}" camunda:dueDate="${dateTime().plusDays(2).toDate()}"')));
    expect(found.map((problem) => problem.code)).toEqual(['expression.invalid', 'expression.invalid']);
    expect(found[0].message).toContain('camunda:candidateGroups');
    expect(found[1].message).toContain('camunda:dueDate');
  });

  it.each([
    ['camunda:class="org.example.Delegate"', 'service_task.java'],
    ['camunda:delegateExpression="${delegate}"', 'service_task.java'],
    ['camunda:expression="${bean.run()}"', 'service_task.java'],
    ['camunda:type="external" camunda:topic="mail"', 'service_task.external'],
    ['', 'service_task.no_connector'],
  ])('refuses a service task with %s', async (attributes, code) => {
    expect(await codes(one(`<bpmn:serviceTask id="t" ${attributes}/>`))).toEqual([`${code} t`]);
  });

  it('refuses a Camunda connector', async () => {
    const task = '<bpmn:serviceTask id="t"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>';
    expect(await codes(one(task))).toEqual(['service_task.camunda_connector t']);
  });

  it('checks the connector name against the registry when given, and its inputs', async () => {
    const task = '<bpmn:serviceTask id="t" esb:connector="fax"><bpmn:extensionElements><esb:inputs><esb:input name="to" value="${applicant.phone}"/><esb:input name="body" value="${format(x)}"/></esb:inputs></bpmn:extensionElements></bpmn:serviceTask>';
    expect(await codes(one(task), { knownConnectors: ['notify', 'http'] })).toEqual(['service_task.unknown_connector t', 'expression.invalid t']);
  });

  it('refuses Camunda listeners and script mappings, and warns about mappings it will not apply', async () => {
    const task = userTask(
      't',
      'camunda:candidateGroups="g"',
      '<bpmn:extensionElements><camunda:taskListener event="create" class="x.Y"/><camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>',
    );
    expect(await codes(one(task))).toEqual(['camunda.listener t', 'script.refused t']);
    const mapping = userTask('t', 'camunda:candidateGroups="g"', '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="a">${b}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>');
    const report = await checkExecutable(one(mapping));
    expect(report.ok).toBe(true);
    expect(report.problems.map((problem) => problem.code)).toEqual(['camunda.input_output_ignored']);
  });

  it('reports invalid esb properties', async () => {
    const task = userTask('t', 'camunda:candidateGroups="g" esb:deadlineShare="two" esb:dossierStatus="11" esb:decisions="accept,,refuse"');
    expect((await problems(one(task))).map((problem) => problem.code)).toEqual(['esb.invalid_number', 'esb.invalid_status', 'esb.invalid_decisions']);
  });

  it('needs a collection or a cardinality for multi-instance, and an expression as completion condition', async () => {
    const task = userTask('t', 'camunda:candidateGroups="g"', '<bpmn:multiInstanceLoopCharacteristics><bpmn:completionCondition>all done</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>');
    expect(await codes(one(task))).toEqual(['multi_instance.no_collection t', 'expression.not_an_expression t']);
  });
});

describe('checkExecutable: timers', () => {
  const timer = (content: string) =>
    diagram(`<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition>${content}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>${chain('start', 't', 'end')}`);

  it.each([
    '<bpmn:timeDuration>P40D</bpmn:timeDuration>',
    '<bpmn:timeDuration>PT4H30M</bpmn:timeDuration>',
    '<bpmn:timeDate>2025-09-02T08:00:00+07:00</bpmn:timeDate>',
    '<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>',
    '<bpmn:timeDuration>${reminder}</bpmn:timeDuration>',
    '<bpmn:timeDuration>=duration("P" + string(days) + "D")</bpmn:timeDuration>',
  ])('accepts %s', async (content) => {
    expect(await checkExecutable(timer(content))).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['', 'timer.missing_value'],
    ['<bpmn:timeDuration>3 days</bpmn:timeDuration>', 'timer.invalid_value'],
    ['<bpmn:timeDate>next monday</bpmn:timeDate>', 'timer.invalid_value'],
    ['<bpmn:timeCycle>0 0 9 * * ?</bpmn:timeCycle>', 'timer.invalid_value'],
    ['<bpmn:timeDuration>${calendar.add(3)}</bpmn:timeDuration>', 'expression.invalid'],
  ])('refuses %s', async (content, code) => {
    expect(await codes(timer(content))).toEqual([`${code} t`]);
  });
});
