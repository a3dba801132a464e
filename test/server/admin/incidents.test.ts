/**
 * Incidents through the admin API: a connector that fails on every try becomes an incident
 * that the admin of its province sees (and no other province's admin), and the admin's
 * retry, once the outside system is fixed, completes the step once.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

const LOOKUP = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:esb="http://e-service-builder.gov.vn/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="lookup" />
    <bpmn:serviceTask id="lookup" name="Tra cứu cơ sở dữ liệu dân cư" esb:connector="tra-cuu-dan-cu" />
    <bpmn:sequenceFlow id="f2" sourceRef="lookup" targetRef="r" />
    <bpmn:userTask id="r" name="Trả kết quả" camunda:candidateGroups="tiep-nhan" esb:decisions="return-result" esb:dossierStatus="9" />
    <bpmn:sequenceFlow id="f3" sourceRef="r" targetRef="e" />
    <bpmn:endEvent id="e" esb:dossierStatus="10" />
  </bpmn:process>
</bpmn:definitions>`;

describe('incidents for admins', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T02:00:00Z');
  let broken = true;
  let calls = 0;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    await createTestTenant(t.db.db, 'tb', '000.00.00.T02', '000.01.01.T02');
    t.app.connectors.register(
      'tra-cuu-dan-cu',
      async () => {
        calls++;
        if (broken) throw new Error('Cơ sở dữ liệu dân cư không phản hồi');
        return { variables: { resident: true } };
      },
      { maxAttempts: 2, backoffSeconds: 60 },
    );
  });
  afterAll(() => t?.close());

  it('lists a connector failing on every try for its own admin only; the retry after the fix runs the step once', async () => {
    // Given a published service whose first step calls a connector that keeps failing
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    const id = (await s.post('/api/studio/services', { metadata: { name: 'Tra cứu thử', field: 'Thử nghiệm', receivingUnitIds: [phucxa], legalBasis: ['Thử nghiệm'], result: 'Kết quả', timeLimitDays: 5 }, useTemplate: false })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    expect((await s.put(`/api/studio/services/${id}/process`, { bpmnXml: LOOKUP })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const dossier = (await c.submit({ serviceId: id, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [] })).body;

    // When the job runs out of tries
    expect((await t.app.runJobs(now)).map((o) => o.outcome)).toEqual(['retry']);
    now = new Date(now.getTime() + 61_000);
    expect((await t.app.runJobs(now)).map((o) => o.outcome)).toEqual(['incident']);
    expect(calls).toBe(2);

    // Then the admin of the province sees it, with the dossier it holds up
    const admin = (await loginAs(t.app, 'admin', DEMO_PASSWORD)).auth;
    const listed = await t.app.inject({ method: 'GET', url: '/api/admin/incidents', headers: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      expect.objectContaining({ elementId: 'lookup', connector: 'tra-cuu-dan-cu', dossierId: dossier.id, dossierCode: dossier.code, error: expect.stringContaining('không phản hồi'), resolvedAt: null }),
    ]);
    const incidentId = listed.json()[0].id;

    // And another province's admin neither sees nor retries it
    const other = (await loginAs(t.app, 'tb.admin', PASSWORD)).auth;
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/incidents', headers: other })).json()).toEqual([]);
    const foreign = await t.app.inject({ method: 'POST', url: `/api/admin/incidents/${incidentId}/retry`, headers: other });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('incident.not_found');
    // Nor does an official of the province
    const official = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/incidents', headers: official })).statusCode).toBe(403);

    // When the outside system is fixed and the admin retries
    broken = false;
    const retried = await t.app.inject({ method: 'POST', url: `/api/admin/incidents/${incidentId}/retry`, headers: admin });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: incidentId, resolvedAt: now.toISOString() });
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'incident.retry').execute();
    expect(audit).toEqual([expect.objectContaining({ entity_id: incidentId, actor_id: retried.json().resolvedBy })]);

    // Then the step runs once and the process goes on to the next task
    expect((await t.app.runJobs(now)).map((o) => o.outcome)).toEqual(['done']);
    expect(await t.app.runJobs(new Date(now.getTime() + 86_400_000))).toEqual([]);
    expect(calls).toBe(3);
    const tasks = await t.db.db.selectFrom('tasks').select(['element_id', 'status']).where('business_key', '=', dossier.id).execute();
    expect(tasks).toEqual([{ element_id: 'r', status: 'open' }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/incidents', headers: admin })).json()).toEqual([]);
    const again = await t.app.inject({ method: 'POST', url: `/api/admin/incidents/${incidentId}/retry`, headers: admin });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('incident.already_resolved');
  }, 60_000);
});
