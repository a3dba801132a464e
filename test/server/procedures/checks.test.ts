/** Publishing is refused, with the right failing check and place, for each kind of problem. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { readFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { checkExecutable } from '../../../runtime/check/index.js';

describe('publish checks', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let communes: string[];
  const good = (receiving: string[]) => ({
    procedureCode: '1.000001',
    name: 'Thủ tục thử nghiệm',
    field: 'Hộ tịch',
    description: '',
    receivingUnitIds: receiving,
    onlineLevel: 'full',
    timeLimitDays: 5,
    timeLimitNote: '',
    fees: [],
    legalBasis: ['Luật Hộ tịch 2014'],
    applicants: { kinds: ['citizen'], onBehalf: true },
    result: 'Giấy chứng nhận',
    resultChannels: ['online'],
  });
  const component = { id: 'to-khai', name: 'Tờ khai', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
  });
  afterAll(() => t.close());

  /** A service that passes every check, then one change; returns the failing checks. */
  async function failingAfter(change: (id: string) => Promise<unknown>) {
    const id = (await s.post('/api/studio/services', { metadata: good(communes) })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/components`, { components: [component] });
    expect((await s.get(`/api/studio/services/${id}/checks`)).body.ok).toBe(true);
    await change(id);
    const publish = await s.post(`/api/studio/services/${id}/publish`);
    const checks = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.filter((c: any) => !c.ok && c.severity === 'error');
    if (checks.length) {
      expect(publish.status).toBe(422);
      expect(publish.body.code).toBe('service.checks_failed');
      expect(publish.body.details.checks).toEqual(checks);
      expect((await s.get(`/api/studio/services/${id}`)).body.versions).toEqual([]);
    }
    return checks.map((c: any) => ({ check: c.check, where: c.where }));
  }
  const metadataWith = (id: string, patch: object) => s.put(`/api/studio/services/${id}`, { metadata: { ...good(communes), ...patch } });

  it('incomplete metadata names each missing field', async () => {
    expect(await failingAfter((id) => metadataWith(id, { field: '', legalBasis: [] }))).toEqual([
      { check: 'metadata.complete', where: 'metadata.field' },
      { check: 'metadata.complete', where: 'metadata.legalBasis' },
    ]);
  });

  it.each([
    ['no name (blank)', { name: '   ' }, [{ check: 'metadata.complete', where: 'metadata.name' }]],
    ['no receiving unit', { receivingUnitIds: [] }, [{ check: 'metadata.complete', where: 'metadata.receivingUnitIds' }]],
    ['no result', { result: '' }, [{ check: 'metadata.complete', where: 'metadata.result' }]],
    // A full online service must also return its result online.
    ['no result channel', { resultChannels: [] }, [{ check: 'metadata.complete', where: 'metadata.resultChannels' }, { check: 'level.result', where: 'metadata.resultChannels' }]],
    ['no applicant kind', { applicants: { kinds: [], onBehalf: false } }, [{ check: 'metadata.complete', where: 'metadata.applicants' }]],
  ])('incomplete metadata: %s', async (_what, patch, failing) => {
    expect(await failingAfter((id) => metadataWith(id, patch))).toEqual(failing);
  });

  it('a full online service without an online result channel', async () => {
    expect(await failingAfter((id) => metadataWith(id, { resultChannels: ['counter'] }))).toEqual([{ check: 'level.result', where: 'metadata.resultChannels' }]);
  });

  it('a fee due at a payment step with no payment step in the process', async () => {
    const fail = await failingAfter(async (id) => {
      await metadataWith(id, { fees: [{ id: 'le-phi', name: 'Lệ phí', amountVnd: 50000, dueAt: 'payment-step' }] });
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: standardProcessXml({ timeLimitDays: 5, withPayment: false }) });
    });
    expect(fail).toEqual([{ check: 'level.payment', where: 'process' }]);
  });

  it('the template follows the fees: a payment-step fee adds the payment step', async () => {
    expect(await failingAfter((id) => metadataWith(id, { fees: [{ id: 'le-phi', name: 'Lệ phí', amountVnd: 50000, dueAt: 'payment-step' }] }))).toEqual([]);
  });

  it('neither a form nor a component', async () => {
    const fail = await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/form`, { form: { components: [] } });
      await s.put(`/api/studio/services/${id}/components`, { components: [] });
    });
    expect(fail).toEqual([{ check: 'content.present', where: 'form' }]);
  });

  it('custom JavaScript in the form, wherever form.io would run it', async () => {
    const form = {
      components: [
        ...SAMPLE_FORM.components,
        { type: 'textfield', key: 'a', input: true, validate: { custom: "valid = input === 'x'" } },
        { type: 'textfield', key: 'b', input: true, customConditional: 'show = data.a' },
        { type: 'number', key: 'c', input: true, calculateValue: 'value = data.soBan * 2' },
        { type: 'select', key: 'd', input: true, dataSrc: 'url', data: { url: 'http://example.invalid/list' } },
        { type: 'textfield', key: 'e', input: true, conditional: { json: { '===': [{ var: 'data.nopThay' }, true] } }, calculateValue: { '+': [1, 2] } },
        { type: 'textfield', key: 'f', input: true, customDefaultValue: "value = data.hoTen + ' (nộp thay)'" },
        { type: 'textfield', key: 'g', input: true, customDefaultValue: { var: 'data.hoTen' } },
      ],
    };
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/form`, { form }))).toEqual([
      { check: 'form.no_custom_code', where: 'form:a.validate.custom' },
      { check: 'form.no_custom_code', where: 'form:b.customConditional' },
      { check: 'form.no_custom_code', where: 'form:c.calculateValue' },
      { check: 'form.no_custom_code', where: 'form:d.dataSrc' },
      { check: 'form.no_custom_code', where: 'form:f.customDefaultValue' },
    ]);
  });

  it('component and fee conditions that do not parse or read unknown fields', async () => {
    const fail = await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/components`, {
        components: [
          component,
          { ...component, id: 'uy-quyen', requirement: 'conditional', condition: 'nopThay = (true' },
          { ...component, id: 'khac', requirement: 'conditional', condition: 'khongCoTruongNay = true' },
          { ...component, id: 'thieu', requirement: 'conditional' },
        ],
      });
      await metadataWith(id, {
        fees: [
          { id: 'phi', name: 'Phí', amountVnd: 1000, dueAt: 'submission', quantityField: 'soTrang' },
          { id: 'le-phi', name: 'Lệ phí', amountVnd: 5000, dueAt: 'submission', condition: 'soBan > (1' },
          { id: 'mien', name: 'Phí ưu đãi', amountVnd: 0, dueAt: 'submission', condition: 'doiTuongUuDai = true' },
        ],
      });
    });
    expect(fail).toEqual([
      { check: 'conditions.valid', where: 'components[1].condition' },
      { check: 'conditions.valid', where: 'components[2].condition' },
      { check: 'conditions.valid', where: 'components[3].condition' },
      { check: 'conditions.valid', where: 'metadata.fees[0].quantityField' },
      { check: 'conditions.valid', where: 'metadata.fees[1].condition' },
    ]);
  });

  it('a process the runtime cannot run, with a problem per element', async () => {
    const xml = readFixture('bpmn/camunda-examples/camunda-testing-job-announcement.bpmn');
    let executable: any[] = [];
    const fail = await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml });
      executable = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.filter((c: any) => c.check === 'process.executable');
    });
    // The call activity to a missing process, the Java expression, the bean method calls in assignees.
    expect([...new Set(fail.filter((f: any) => f.check === 'process.executable').map((f: any) => f.where))].sort()).toEqual(['process:correct', 'process:mail', 'process:publication', 'process:review']);
    // Each check is one of part 2's per-element reasons, word for word, in its order.
    const report = await checkExecutable(xml, { knownConnectors: [...t.app.connectors.names()] });
    expect(report.problems.filter((p) => p.severity === 'error').length).toBeGreaterThanOrEqual(4);
    expect(executable.map((c) => ({ where: c.where, message: c.message, severity: c.severity, ok: c.ok }))).toEqual(
      report.problems.map((p) => ({ where: p.elementId ? `process:${p.elementId}` : 'process', message: p.message, severity: p.severity, ok: false })),
    );
  });

  it('a candidate group that a receiving unit lacks, or that has no active member', async () => {
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('camunda:candidateGroups="chuyen-vien"', 'camunda:candidateGroups="ke-toan"');
    const fail = await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }));
    expect(fail).toEqual([
      { check: 'process.groups', where: 'process:process' },
      { check: 'process.groups', where: 'process:process' },
    ]);
    // A group whose only member is disabled does not count.
    const member = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.lanhdao').executeTakeFirstOrThrow();
    try {
      const disabled = await failingAfter(() => t.db.db.updateTable('accounts').set({ active: false }).where('id', '=', member.id).execute());
      expect(disabled).toEqual([{ check: 'process.groups', where: 'process:approve' }]);
    } finally {
      await t.db.db.updateTable('accounts').set({ active: true }).where('id', '=', member.id).execute();
    }
  });

  it('a group qualified with a unit code: the unit must exist, and the group there must have an active member', async () => {
    const qualified = (group: string) => standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('camunda:candidateGroups="chuyen-vien"', `camunda:candidateGroups="${group}"`);
    // Inter-unit processing (liên thông): the department's specialists process the communes' dossiers.
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: qualified('000.00.12.H29/chuyen-vien') }))).toEqual([]);
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: qualified('000.00.99.H29/chuyen-vien') }))).toEqual([{ check: 'process.groups', where: 'process:process' }]);
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: qualified('000.00.12.H29/ke-toan') }))).toEqual([{ check: 'process.groups', where: 'process:process' }]);
    const member = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'sotuphap.chuyenvien').executeTakeFirstOrThrow();
    await t.db.db.updateTable('accounts').set({ active: false }).where('id', '=', member.id).execute();
    try {
      const fail = await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: qualified('000.00.12.H29/chuyen-vien') }));
      expect(fail).toEqual([{ check: 'process.groups', where: 'process:process' }]);
    } finally {
      await t.db.db.updateTable('accounts').set({ active: true }).where('id', '=', member.id).execute();
    }
  });

  it('a service with no process', async () => {
    const id = (await s.post('/api/studio/services', { metadata: good(communes), useTemplate: false })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/components`, { components: [component] });
    const checks = (await s.get(`/api/studio/services/${id}/checks`)).body;
    expect(checks.ok).toBe(false);
    expect(checks.checks.filter((c: any) => !c.ok)).toEqual([expect.objectContaining({ check: 'process.executable', severity: 'error', where: 'process', message: 'the service has no process' })]);
    const publish = await s.post(`/api/studio/services/${id}/publish`);
    expect(publish.status).toBe(422);
    expect(publish.body.details.checks.map((c: any) => c.check)).toEqual(['process.executable']);
  });

  it('a full online service with fees due at submission is paid through the payment provider: it publishes', async () => {
    const fees = [{ id: 'le-phi', name: 'Lệ phí', amountVnd: 50000, dueAt: 'submission' }];
    expect(await failingAfter((id) => metadataWith(id, { fees }))).toEqual([]);
    const id = (await s.post('/api/studio/services', { metadata: { ...good(communes), fees } })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    const payment = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.find((c: any) => c.check === 'level.payment');
    expect(payment).toMatchObject({ ok: true, message: 'fees are paid online' });
  });

  it("a task's form key must name a step form of the service; an external or computed key is a warning", async () => {
    const withKey = (key: string) => standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('camunda:candidateGroups="chuyen-vien"', `camunda:candidateGroups="chuyen-vien" camunda:formKey="${key}"`);
    const stepForm = { components: [{ type: 'textarea', key: 'yKien', label: 'Ý kiến thẩm định', input: true }] };
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: withKey('tham-dinh') }))).toEqual([{ check: 'process.step_forms', where: 'process:process' }]);
    // Once the step form exists (or the task names the right one), it publishes.
    expect(await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/step-forms/tham-dinh`, { form: stepForm });
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: withKey('tham-dinh') });
    })).toEqual([]);
    // Deleting the step form the process names makes the check fail again.
    expect(await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/step-forms/tham-dinh`, { form: stepForm });
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: withKey('tham-dinh') });
      await s.call('DELETE', `/api/studio/services/${id}/step-forms/tham-dinh`);
    })).toEqual([{ check: 'process.step_forms', where: 'process:process' }]);
    for (const key of ['camunda-forms:app:task-form.form', 'embedded:app:task-form.html', '${formName}']) {
      const id = (await s.post('/api/studio/services', { metadata: good(communes) })).body.id;
      await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: withKey(key) });
      const checks = (await s.get(`/api/studio/services/${id}/checks`)).body;
      expect({ key, ok: checks.ok, failing: checks.checks.filter((c: any) => !c.ok).map((c: any) => [c.check, c.severity, c.where]) }).toEqual({ key, ok: true, failing: [['process.step_forms', 'warning', 'process:process']] });
    }
  });

  it('a gateway testing a decision the task before it does not offer', async () => {
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('esb:decisions="approve,send-back,refuse"', 'esb:decisions="approve,send-back"');
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }))).toEqual([{ check: 'process.decisions', where: 'process:f_refused' }]);
  });

  /**
   * The standard process with a milestone event between "process" and its gateway, and the
   * forward flow's condition replaced.
   */
  const withMilestone = (forwardCondition: string) =>
    standardProcessXml({ timeLimitDays: 5, withPayment: false })
      .replace('<bpmn:exclusiveGateway id="processDecision"', '<bpmn:intermediateThrowEvent id="reviewed" name="Đã xử lý" esb:dossierStatus="4"><bpmn:incoming>f_process</bpmn:incoming><bpmn:outgoing>f_reviewed</bpmn:outgoing></bpmn:intermediateThrowEvent>\n    <bpmn:exclusiveGateway id="processDecision"')
      .replace('<bpmn:incoming>f_process</bpmn:incoming>\n      <bpmn:outgoing>f_forward</bpmn:outgoing>', '<bpmn:incoming>f_reviewed</bpmn:incoming>\n      <bpmn:outgoing>f_forward</bpmn:outgoing>')
      .replace('<bpmn:sequenceFlow id="f_process" sourceRef="process" targetRef="processDecision" />', '<bpmn:sequenceFlow id="f_process" sourceRef="process" targetRef="reviewed" />\n    <bpmn:sequenceFlow id="f_reviewed" sourceRef="reviewed" targetRef="processDecision" />')
      .replace('decision = &quot;forward&quot;', forwardCondition.replaceAll('"', '&quot;'));

  it('a decision tested behind a milestone event is checked against the task before the event', async () => {
    const ok = withMilestone('decision = "forward"');
    expect(ok).toContain('targetRef="reviewed"');
    expect(ok).toContain('<bpmn:incoming>f_reviewed</bpmn:incoming>');
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: ok }))).toEqual([]);
    let message = '';
    expect(await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: withMilestone('decision = "approve"') });
      message = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.find((c: any) => c.check === 'process.decisions').message;
    })).toEqual([{ check: 'process.decisions', where: 'process:f_forward' }]);
    expect(message).toBe('gateway "Kết quả xử lý" tests the decision "approve", which task "Xử lý hồ sơ" does not offer (it offers forward, send-back)');
  });

  it.each([
    ['decision != "send-back"', []],
    ['decision != "sendback"', [{ check: 'process.decisions', where: 'process:f_forward' }]],
    ['decision in ["forward", "send-back"]', []],
    ['decision in ["forward", "skip"]', [{ check: 'process.decisions', where: 'process:f_forward' }]],
    // decisions.<task> reads that task's decision, not the nearest one's.
    ['decisions.receive = "accept" and decision = "forward"', []],
    ['decisions.process = "accept"', [{ check: 'process.decisions', where: 'process:f_forward' }]],
    ['decisions.nobody = "accept"', [{ check: 'process.decisions', where: 'process:f_forward' }]],
  ])('the decisions a condition tests are read from %s', async (condition, failing) => {
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: withMilestone(condition) }))).toEqual(failing);
  });

  it('deadline shares along the longest path longer than the legal time limit', async () => {
    const xml = standardProcessXml({ timeLimitDays: 10, withPayment: false });
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }))).toEqual([{ check: 'process.deadlines', where: 'process:receive' }]);
  });

  describe("deadline shares count in the tenant's working day", () => {
    let admin: ReturnType<typeof studio>;
    const setHours = async (workingHours: string[][]) => expect((await admin.put('/api/admin/calendar/working-hours', { workingHours })).status).toBe(204);
    beforeAll(async () => {
      admin = studio(t.app, (await loginAs(t.app, 'admin', DEMO_PASSWORD)).auth);
    });
    afterEach(() => setHours([['08:00', '12:00'], ['13:00', '17:00']]));

    it('hours are turned into days at the tenant\'s hours per day, not at 8', async () => {
      // 2 days: 0.2 + 1.2 + 3.2 hours + 0.2. At 8 hours a day that is 2 days; at 4, 2.4.
      const xml = standardProcessXml({ timeLimitDays: 2, withPayment: false }).replace('esb:deadlineShare="0.4"', 'esb:deadlineHours="3.2"');
      expect(xml).toContain('esb:deadlineHours="3.2"');
      const drawn = (id: string) => metadataWith(id, { timeLimitDays: 2 }).then(() => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }));
      expect(await failingAfter(drawn)).toEqual([]);
      await setHours([['08:00', '12:00']]);
      let message = '';
      expect(await failingAfter(async (id) => {
        await drawn(id);
        message = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.find((c: any) => c.check === 'process.deadlines').message;
      })).toEqual([{ check: 'process.deadlines', where: 'process:receive' }]);
      expect(message).toBe('the deadline shares along receive → process → approve → returnResult add up to 2.4 working days, more than the legal 2');
    });

    it('a same-day service allows hour shares summing to one working day of the tenant, and no whole-day share', async () => {
      const sameDay = (id: string) => metadataWith(id, { timeLimitDays: 0 });
      // The template shares the day in hours: 1 + 4 + 2 + 1 of 8.
      expect(await failingAfter(sameDay)).toEqual([]);
      const template = standardProcessXml({ timeLimitDays: 0, withPayment: false });
      // One hour more than the day.
      const over = template.replace('esb:deadlineHours="4"', 'esb:deadlineHours="5"');
      let message = '';
      expect(await failingAfter(async (id) => {
        await sameDay(id);
        await s.put(`/api/studio/services/${id}/process`, { bpmnXml: over });
        message = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.find((c: any) => c.check === 'process.deadlines').message;
      })).toEqual([{ check: 'process.deadlines', where: 'process:receive' }]);
      expect(message).toBe('the deadline shares along receive → process → approve → returnResult add up to 9 working hours, more than the one working day (8 hours) of a same-day service');
      // A whole working day for one step would end on another day, even when nothing else takes time.
      const wholeDay = template.replace('esb:deadlineHours="1"', 'esb:deadlineShare="1"').replace(/esb:deadlineHours="[0-9.]+"/g, 'esb:deadlineHours="0"');
      expect(wholeDay).toContain('esb:deadlineShare="1"');
      expect(await failingAfter(async (id) => {
        await sameDay(id);
        await s.put(`/api/studio/services/${id}/process`, { bpmnXml: wholeDay });
      })).toEqual([{ check: 'process.deadlines', where: 'process:receive' }]);
      // A province working 7.5 hours a day: the template shares its 7.5 hours, and passes.
      await setHours([['07:30', '11:30'], ['13:30', '17:00']]);
      expect(await failingAfter(sameDay)).toEqual([]);
      expect(await failingAfter(async (id) => {
        await sameDay(id);
        await s.put(`/api/studio/services/${id}/process`, { bpmnXml: template });
      })).toEqual([{ check: 'process.deadlines', where: 'process:receive' }]);
    });
  });

  it('no step that returns the result', async () => {
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('esb:decisions="return-result"', 'esb:decisions="done"');
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }))).toEqual([{ check: 'process.result_step', where: 'process' }]);
  });

  it('a service task naming a connector the server has not registered', async () => {
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: true });
    expect(xml).toContain('esb:connector="request-payment"');
    // A registered connector passes; an unknown one could never run.
    expect(await failingAfter((id) => s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }))).toEqual([]);
    let message = '';
    const fail = await failingAfter(async (id) => {
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml.replace('esb:connector="request-payment"', 'esb:connector="thanh-toan-cu"') });
      message = (await s.get(`/api/studio/services/${id}/checks`)).body.checks.find((c: any) => !c.ok && c.check === 'process.executable')?.message ?? '';
    });
    expect(fail).toEqual([{ check: 'process.executable', where: 'process:requestPayment' }]);
    expect(message).toContain('"thanh-toan-cu"');
    for (const name of ['notify', 'request-payment', 'issue-result', 'portal-sync', 'http']) expect(message).toContain(name);
  });

  it('receiving units outside the owner unit are refused when saved', async () => {
    const id = (await s.post('/api/studio/services', { metadata: good(communes) })).body.id;
    const other = await t.db.db.insertInto('tenants').values({ code: '000.00.00.Z99', name: 'Khác' }).returning('id').executeTakeFirstOrThrow();
    const unit = await t.db.db.insertInto('units').values({ tenant_id: other.id, parent_id: null, agency_code: '000.00.00.Z99', name: 'Tỉnh khác', level: 'province' }).returning('id').executeTakeFirstOrThrow();
    const res = await metadataWith(id, { receivingUnitIds: [communes[0], unit.id] });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: '/metadata/receivingUnitIds/1', code: 'service.receiving_unit_invalid' })]);
  });

  it('notes an import left are warnings: shown, and publishing goes ahead', async () => {
    const id = (await s.post('/api/studio/services', { metadata: good(communes) })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/notes`, { notes: [{ where: 'components[0].condition', text: 'Bắt buộc khi nộp thay' }] });
    const checks = (await s.get(`/api/studio/services/${id}/checks`)).body;
    expect(checks.ok).toBe(true);
    expect(checks.checks.filter((c: any) => !c.ok)).toEqual([expect.objectContaining({ check: 'notes.resolved', severity: 'warning', where: 'components[0].condition' })]);
    const published = await s.post(`/api/studio/services/${id}/publish`);
    expect(published.status).toBe(201);
    expect(published.body.warnings).toHaveLength(1);
  });

  describe('on an installation without a payment provider', () => {
    let bare: TestApp;
    let designer: ReturnType<typeof studio>;
    beforeAll(async () => {
      bare = await createTestApp({ paymentProvider: null });
      await seedDemo(bare.db.db);
      designer = studio(bare.app, (await loginAs(bare.app, 'thietke', DEMO_PASSWORD)).auth);
    });
    afterAll(() => bare.close());

    it('a full online service with fees is refused: citizens could not pay online; a free one or a partial one publishes', async () => {
      const units = (await designer.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
      const fees = [{ id: 'le-phi', name: 'Lệ phí', amountVnd: 50000, dueAt: 'submission' }];
      const make = async (patch: object) => {
        const id = (await designer.post('/api/studio/services', { metadata: { ...good(units), ...patch } })).body.id;
        await designer.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
        return id;
      };
      const paid = await make({ fees });
      const checks = (await designer.get(`/api/studio/services/${paid}/checks`)).body.checks.filter((c: any) => !c.ok);
      expect(checks).toEqual([expect.objectContaining({ check: 'level.payment', severity: 'error', where: 'metadata.fees' })]);
      const publish = await designer.post(`/api/studio/services/${paid}/publish`);
      expect(publish.status).toBe(422);
      expect(publish.body.details.checks.map((c: any) => c.check)).toEqual(['level.payment']);
      expect((await designer.post(`/api/studio/services/${await make({})}/publish`)).status).toBe(201);
      expect((await designer.post(`/api/studio/services/${await make({ fees, onlineLevel: 'partial', resultChannels: ['counter'] })}/publish`)).status).toBe(201);
    });
  });
});
