/**
 * The dossier connectors the server registers, in a published process: `issue-result`
 * issues the attached result (processing finished, returned online) and `portal-sync`
 * queues the dossier's record for the national portal; each does its effect once per job,
 * however often it is called.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { multipart, resultPdf } from '../../helpers/multipart.js';
import type { ConnectorCall } from '../../../runtime/index.js';

const ISSUE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:esb="http://e-service-builder.gov.vn/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sign" />
    <bpmn:userTask id="sign" name="Ký kết quả" camunda:candidateGroups="tiep-nhan" esb:decisions="return-result" esb:dossierStatus="4" />
    <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="issue" />
    <bpmn:serviceTask id="issue" name="Phát hành kết quả" esb:connector="issue-result" />
    <bpmn:sequenceFlow id="f3" sourceRef="issue" targetRef="sync" />
    <bpmn:serviceTask id="sync" name="Đồng bộ Cổng DVC quốc gia" esb:connector="portal-sync">
      <bpmn:extensionElements>
        <esb:inputs>
          <esb:input name="note" value="Kết quả đã phát hành" />
        </esb:inputs>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="sync" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('the dossier connectors', () => {
  let t: TestApp;
  let serviceId: string;
  let phucxa: string;
  let c: ReturnType<typeof citizen>;
  const now = new Date('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({}, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    serviceId = (await s.post('/api/studio/services', { metadata: { name: 'Phát hành kết quả thử', field: 'Thử nghiệm', receivingUnitIds: [phucxa], legalBasis: ['Thử nghiệm'], result: 'Kết quả', timeLimitDays: 5, resultChannels: ['online', 'counter'] }, useTemplate: false })).body.id;
    await s.put(`/api/studio/services/${serviceId}/form`, { form: SAMPLE_FORM });
    expect((await s.put(`/api/studio/services/${serviceId}/process`, { bpmnXml: ISSUE })).status).toBe(200);
    const published = await s.post(`/api/studio/services/${serviceId}/publish`);
    expect(published.status).toBe(201);
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t?.close());

  const submit = async (resultChannel: string) => (await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [], resultChannel })).body;
  const jobOf = async (dossierId: string, elementId: string) =>
    t.db.db.selectFrom('process_jobs as j').innerJoin('process_instances as i', 'i.id', 'j.instance_id').select(['j.id', 'j.tenant_id', 'j.instance_id', 'j.status']).where('i.business_key', '=', dossierId).where('j.element_id', '=', elementId).executeTakeFirstOrThrow();
  const callOf = (job: { id: string; tenant_id: string; instance_id: string }, dossierId: string, elementId: string, input: Record<string, unknown> = {}): ConnectorCall => ({
    tenantId: job.tenant_id, instanceId: job.instance_id, businessKey: dossierId, elementId, jobId: job.id, attempt: 2, input,
  });

  it('issue-result returns the attached result online and portal-sync queues the record, each once, and the process ends', async () => {
    // Given a dossier whose official attaches the signed result and completes the signing step
    const d = await submit('online');
    const auth = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    const o = studio(t.app, auth);
    const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    expect((await o.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const body = multipart({}, { name: 'ket-qua.pdf', type: 'application/pdf', data: await resultPdf('Ket qua so 1') });
    expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/result`, headers: { ...auth, ...body.headers }, payload: body.payload })).statusCode).toBe(200);
    expect((await o.post(`/api/tasks/${task.id}/complete`, { decision: 'return-result' })).status).toBe(200);

    // When the jobs run
    const outcomes = await t.app.runJobs(now);

    // Then the result is issued: finished and returned online, the process ended
    expect(outcomes.map((x) => [x.elementId, x.outcome])).toEqual([['issue', 'done'], ['sync', 'done']]);
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(dossier).toMatchObject({ status: 10, finished_at: now, result_returned_at: now, on_time: true });
    expect((await t.db.db.selectFrom('process_instances').select('status').where('id', '=', dossier.instance_id!).executeTakeFirstOrThrow()).status).toBe('completed');
    const history = await t.db.db.selectFrom('dossier_history').select(['action', 'status']).where('dossier_id', '=', d.id).where((eb) => eb.or([eb('action', '=', 'result.issued'), eb('status', 'in', [9, 10])])).execute();
    expect(history.map((h) => `${h.action}:${h.status}`).sort()).toEqual(['process:10', 'process:9', 'result.issued:null']);
    // And the portal has the two status changes, then the record portal-sync queued with its note
    const outbox = await t.db.db.selectFrom('portal_outbox').select(['dossier_status', 'sequence', 'payload']).where('dossier_id', '=', d.id).orderBy('sequence').execute();
    expect(outbox.map((r) => r.dossier_status)).toEqual([1, 4, 9, 10, 10]);
    expect(outbox.at(-1)!.payload).toMatchObject({ note: 'Kết quả đã phát hành', elementId: 'sync', jobId: (await jobOf(d.id, 'sync')).id });

    // When both connectors are called again for the same jobs (a retry after their effect committed)
    const issueJob = await jobOf(d.id, 'issue');
    const syncJob = await jobOf(d.id, 'sync');
    const again = await t.app.connectors.get('issue-result')(callOf(issueJob, d.id, 'issue'));
    const resync = await t.app.connectors.get('portal-sync')(callOf(syncJob, d.id, 'sync', { note: 'x' }));
    // Then nothing is done twice
    expect(again).toEqual({ variables: { resultIssued: true, resultFileId: dossier.result_file_id, resultIssuedAt: now.toISOString() } });
    expect(resync).toEqual({ variables: { portalSyncId: expect.any(String), portalSyncSequence: 5 } });
    expect(await t.db.db.selectFrom('dossier_history').select('id').where('dossier_id', '=', d.id).where('action', '=', 'result.issued').execute()).toHaveLength(1);
    expect(await t.db.db.selectFrom('portal_outbox').select('id').where('dossier_id', '=', d.id).execute()).toHaveLength(5);
  });

  it('issue-result leaves a result picked up at the counter finished but not yet returned', async () => {
    const d = await submit('counter');
    await t.db.db.updateTable('dossiers').set({ result_file_id: (await t.db.db.selectFrom('dossiers').select('result_file_id').where('result_file_id', 'is not', null).executeTakeFirstOrThrow()).result_file_id }).where('id', '=', d.id).execute();
    const instance = await t.db.db.selectFrom('process_instances').select(['id', 'tenant_id']).where('business_key', '=', d.id).executeTakeFirstOrThrow();
    const result = await t.app.connectors.get('issue-result')({ tenantId: instance.tenant_id, instanceId: instance.id, businessKey: d.id, elementId: 'issue', jobId: '00000000-0000-4000-8000-000000000001', attempt: 1, input: {} });
    expect(result).toMatchObject({ variables: { resultIssued: true } });
    expect(await t.db.db.selectFrom('dossiers').select(['status', 'finished_at', 'result_returned_at']).where('id', '=', d.id).executeTakeFirstOrThrow()).toEqual({ status: 9, finished_at: now, result_returned_at: null });
  });

  it('issue-result fails without an attached result, changing nothing, so that the step is retried and then shown to admins', async () => {
    const d = await submit('online');
    const instance = await t.db.db.selectFrom('process_instances').select(['id', 'tenant_id']).where('business_key', '=', d.id).executeTakeFirstOrThrow();
    await expect(
      Promise.resolve(t.app.connectors.get('issue-result')({ tenantId: instance.tenant_id, instanceId: instance.id, businessKey: d.id, elementId: 'issue', jobId: '00000000-0000-4000-8000-000000000002', attempt: 1, input: {} })),
    ).rejects.toThrow(/has no result file attached/);
    expect((await t.db.db.selectFrom('dossiers').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status).toBe(4);
    expect(await t.db.db.selectFrom('dossier_history').select('id').where('dossier_id', '=', d.id).where('action', '=', 'result.issued').execute()).toHaveLength(0);
  });

  it('issue-result and portal-sync refuse another province\'s dossier', async () => {
    const d = await submit('online');
    const instance = await t.db.db.selectFrom('process_instances').select(['id']).where('business_key', '=', d.id).executeTakeFirstOrThrow();
    const call = { tenantId: '00000000-0000-4000-8000-00000000000f', instanceId: instance.id, businessKey: d.id, elementId: 'sync', jobId: '00000000-0000-4000-8000-000000000003', attempt: 1, input: {} };
    await expect(Promise.resolve(t.app.connectors.get('portal-sync')(call))).rejects.toThrow(/not found/);
    await expect(Promise.resolve(t.app.connectors.get('issue-result')(call))).rejects.toThrow(/not found/);
  });
});
