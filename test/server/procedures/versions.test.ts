/** Versions are immutable snapshots; a running instance stays on the version it started on. */
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { ProcessRuntime } from '../../../runtime/index.js';
import { loadVersionDiagram } from '../../../server/procedures/index.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { diffVersions } from '../../../server/procedures/diff.js';
import type { ServiceVersion } from '../../../server/db/database.js';
import { readFixture } from '../../helpers/studio.js';

const COMPONENT = { id: 'to-khai', name: 'Tờ khai', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 };
const STEP_FORM = { components: [{ type: 'textarea', key: 'yKien', label: 'Ý kiến', input: true }] };

/** A version row as the compare reads it, for diagrams no service of the demo uses. */
const versionWith = (bpmnXml: string) => ({ metadata: {}, components: [], form: null, step_forms: {}, bpmn_xml: bpmnXml }) as unknown as ServiceVersion;

describe('versions', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let id: string;
  let tenantId: string;
  let communes: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const login = await loginAs(t.app, 'thietke', DEMO_PASSWORD);
    tenantId = login.user.tenantId;
    s = studio(t.app, login.auth);
    communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
    const metadata = {
      procedureCode: null, name: 'Xác nhận tình trạng hôn nhân', field: 'Hộ tịch', description: '', receivingUnitIds: communes,
      onlineLevel: 'full', timeLimitDays: 3, timeLimitNote: '', fees: [], legalBasis: ['Nghị định 123/2015/NĐ-CP'],
      applicants: { kinds: ['citizen'], onBehalf: false }, result: 'Giấy xác nhận', resultChannels: ['online'],
    };
    id = (await s.post('/api/studio/services', { metadata })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/components`, { components: [COMPONENT] });
    await s.put(`/api/studio/services/${id}/step-forms/phieu-xu-ly`, { form: STEP_FORM });
  });
  afterAll(() => t.close());

  it('publishes version 1, and editing afterwards edits the draft of version 2 only', async () => {
    expect((await s.post(`/api/studio/services/${id}/publish`)).body.version).toBe(1);
    const after = (await s.get(`/api/studio/services/${id}`)).body;
    expect(after).toMatchObject({ status: 'published', latestVersion: 1, hasUnpublishedChanges: false });
    const renamed = await s.put(`/api/studio/services/${id}`, { metadata: { ...after.metadata, name: 'Cấp giấy xác nhận tình trạng hôn nhân' } });
    expect(renamed.body.hasUnpublishedChanges).toBe(true);
    const v1 = (await s.get(`/api/studio/services/${id}/versions/1`)).body;
    expect(v1.metadata.name).toBe('Xác nhận tình trạng hôn nhân');
    // The catalogue still shows version 1 until version 2 is published.
    expect((await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).json().name).toBe('Xác nhận tình trạng hôn nhân');
  });

  it('an instance started on version 1 keeps running on version 1 after version 2 is published', async () => {
    const runtime = new ProcessRuntime({ loadDiagram: loadVersionDiagram });
    const v1 = (await s.get(`/api/studio/services/${id}/versions/1`)).body;
    const started = await t.db.db.transaction().execute((trx) => runtime.startInstance(trx, { tenantId, versionId: v1.id, businessKey: null, variables: {} }));
    expect(started.createdTasks.map((task) => task.elementId)).toEqual(['receive']);

    // Version 2 changes a step the running instance has not reached yet: the approval goes
    // to the specialists' group instead of the leaders', under a new name; the refusal's
    // condition is written the other way round. The form, a component and a step form change too.
    const xml = standardProcessXml({ timeLimitDays: 3, withPayment: false, groups: { approve: 'chuyen-vien' } })
      .replace('name="Phê duyệt"', 'name="Phê duyệt (phiên bản 2)"')
      .replace('decision = &quot;refuse&quot;', '&quot;refuse&quot; = decision');
    expect(xml).toContain('&quot;refuse&quot; = decision');
    expect(xml).not.toBe(v1.bpmnXml);
    await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml });
    const form = { ...SAMPLE_FORM, components: SAMPLE_FORM.components.map((c) => (c.key === 'hoTen' ? { ...c, label: 'Họ và tên người yêu cầu' } : c)) };
    expect((await s.put(`/api/studio/services/${id}/form`, { form })).status).toBe(200);
    expect((await s.put(`/api/studio/services/${id}/components`, { components: [{ ...COMPONENT, maxSizeMb: 10 }] })).status).toBe(200);
    const stepForm = { components: [{ type: 'textarea', key: 'yKien', label: 'Ý kiến', input: true, validate: { required: true } }] };
    expect((await s.put(`/api/studio/services/${id}/step-forms/phieu-xu-ly`, { form: stepForm })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${id}/publish`)).body.version).toBe(2);

    /** Completes the open task of an instance with a decision; returns the tasks it created. */
    const decide = async (instanceId: string, elementId: string, decision: string) => {
      const task = await t.db.db.selectFrom('tasks').selectAll().where('instance_id', '=', instanceId).where('status', '=', 'open').executeTakeFirstOrThrow();
      expect(task.element_id).toBe(elementId);
      const step = await t.db.db.transaction().execute((trx) => runtime.completeTask(trx, { tenantId, taskId: task.id, actor: 'test', decision }));
      expect(step.status).toBe('running');
      return step.createdTasks;
    };
    // The version 1 instance goes on through version 1's steps to version 1's approval.
    await decide(started.instanceId, 'receive', 'accept');
    const oldApproval = await decide(started.instanceId, 'process', 'forward');
    expect(oldApproval.map((task) => ({ elementId: task.elementId, name: task.elementName, groups: task.candidateGroups }))).toEqual([{ elementId: 'approve', name: 'Phê duyệt', groups: ['lanh-dao'] }]);
    const instance = await t.db.db.selectFrom('process_instances').selectAll().where('id', '=', started.instanceId).executeTakeFirstOrThrow();
    expect(instance.version_id).toBe(v1.id);

    // A new instance on version 2 follows version 2.
    const v2 = (await s.get(`/api/studio/services/${id}/versions/2`)).body;
    const second = await t.db.db.transaction().execute((trx) => runtime.startInstance(trx, { tenantId, versionId: v2.id, businessKey: null, variables: {} }));
    await decide(second.instanceId, 'receive', 'accept');
    const newApproval = await decide(second.instanceId, 'process', 'forward');
    expect(newApproval.map((task) => ({ elementId: task.elementId, name: task.elementName, groups: task.candidateGroups }))).toEqual([{ elementId: 'approve', name: 'Phê duyệt (phiên bản 2)', groups: ['chuyen-vien'] }]);
  });

  it('compares two versions: names each changed element, condition, form field, component and step form with old and new values', async () => {
    const res = await s.get(`/api/studio/services/${id}/versions/compare?from=1&to=2`);
    expect(res.status).toBe(200);
    const d = res.body.changes;
    expect(d.metadata).toEqual([{ field: 'name', from: 'Xác nhận tình trạng hôn nhân', to: 'Cấp giấy xác nhận tình trạng hôn nhân' }]);
    expect(d.process.elements).toEqual([
      { id: 'approve', type: 'userTask', name: 'Phê duyệt (phiên bản 2)', change: 'changed', changes: [
        { property: 'name', from: 'Phê duyệt', to: 'Phê duyệt (phiên bản 2)' },
        { property: 'candidateGroups', from: ['lanh-dao'], to: ['chuyen-vien'] },
      ] },
      { id: 'f_refused', type: 'sequenceFlow', name: 'Từ chối (văn bản trả lời)', change: 'changed', changes: [{ property: 'condition', from: 'decision = "refuse"', to: '"refuse" = decision' }] },
    ]);
    expect(d.process.conditions).toEqual([{ id: 'f_refused', from: 'decision = "refuse"', to: '"refuse" = decision' }]);
    expect(d.process).toMatchObject({ changed: true, added: [], removed: [], modified: ['userTask:approve', 'sequenceFlow:f_refused'] });
    expect(d.form).toEqual({ added: [], removed: [], changed: true, fields: [
      { path: 'hoTen', label: 'Họ và tên người yêu cầu', change: 'changed', changes: [{ property: 'label', from: 'Họ và tên', to: 'Họ và tên người yêu cầu' }] },
    ] });
    expect(d.components).toEqual({ added: [], removed: [], changed: ['to-khai'], details: [
      { id: 'to-khai', name: 'Tờ khai', change: 'changed', changes: [{ property: 'maxSizeMb', from: 5, to: 10 }] },
    ] });
    expect(d.stepForms).toEqual({ added: [], removed: [], changed: ['phieu-xu-ly'], details: [
      { key: 'phieu-xu-ly', change: 'changed', form: { added: [], removed: [], changed: true, fields: [
        { path: 'yKien', label: 'Ý kiến', change: 'changed', changes: [{ property: 'required', from: false, to: true }] },
      ] } },
    ] });
    // The same version against itself: nothing.
    const none = (await s.get(`/api/studio/services/${id}/versions/compare?from=2&to=2`)).body.changes;
    expect([none.metadata, none.process.elements, none.form.fields, none.components.details, none.stepForms.details]).toEqual([[], [], [], [], []]);
  });

  it('compares diagrams written with any namespace prefix (MIWG files use semantic:)', async () => {
    const a = readFixture('bpmn/miwg-reference/A.1.0.bpmn');
    expect(a).toContain('<semantic:task');
    const b = a.replace('name="Task 2"', 'name="Task two"');
    const d = await diffVersions(versionWith(a), versionWith(b));
    expect(d.process.elements).toEqual([{ id: '_820c21c0-45f3-473b-813f-06381cc637cd', type: 'task', name: 'Task two', change: 'changed', changes: [{ property: 'name', from: 'Task 2', to: 'Task two' }] }]);
    // A.2.0 is another diagram (other ids): its elements are added, A.1.0's removed, by type.
    const other = await diffVersions(versionWith(a), versionWith(readFixture('bpmn/miwg-reference/A.2.0.bpmn')));
    expect(other.process.added).toEqual(expect.arrayContaining(['exclusiveGateway:_35fe57a7-1302-44e2-bf58-032f11af7ecb', 'task:_7d399717-1aba-47ac-8d7d-8aaa033255e0']));
    expect(other.process.removed).toEqual(expect.arrayContaining(['task:_ec59e164-68b4-4f94-98de-ffb1c58a84af', 'sequenceFlow:_e16564d7-0c4c-413e-95f6-f668a3f851fb']));
  });

  it('versions are immutable in the database', async () => {
    const before = (await s.get(`/api/studio/services/${id}/versions/1`)).body;
    await s.put(`/api/studio/services/${id}/components`, { components: [] });
    expect((await s.get(`/api/studio/services/${id}/versions/1`)).body).toEqual(before);
    const count = await t.db.db.selectFrom('service_versions').select(sql<number>`count(*)::int`.as('n')).where('service_id', '=', id).executeTakeFirstOrThrow();
    expect(count.n).toBe(2);

    // Even a direct UPDATE or DELETE, past the application, is refused by the database.
    const refused = async (statement: Promise<unknown>) => {
      const err = await statement.then(() => null, (e: Error) => e);
      expect(err?.message).toMatch(/service_versions: a published version (is immutable|cannot be deleted)/);
    };
    await refused(t.db.db.updateTable('service_versions').set({ bpmn_xml: '<definitions/>' }).where('id', '=', before.id).execute());
    await refused(t.db.db.updateTable('service_versions').set({ metadata: JSON.stringify({ ...before.metadata, name: 'Đổi tên' }) }).where('id', '=', before.id).execute());
    await refused(t.db.db.updateTable('service_versions').set({ name: 'Đổi tên', retired_at: new Date() }).where('id', '=', before.id).execute());
    await refused(t.db.db.deleteFrom('service_versions').where('id', '=', before.id).execute());
    expect((await s.get(`/api/studio/services/${id}/versions/1`)).body).toEqual(before);
  });

  it('retiring the current version takes the service out of the catalogue; the older version does not come back', async () => {
    expect((await s.post(`/api/studio/services/${id}/versions/2/retire`)).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).statusCode).toBe(404);
    const service = (await s.get(`/api/studio/services/${id}`)).body;
    expect(service).toMatchObject({ status: 'retired', currentVersion: null });
    expect(service.versions.map((v: any) => [v.version, v.retiredAt !== null])).toEqual([[2, true], [1, false]]);
    expect((await s.post(`/api/studio/services/${id}/versions/2/retire`)).body.code).toBe('version.already_retired');
    await s.post(`/api/studio/services/${id}/versions/1/retire`);
    expect((await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).statusCode).toBe(404);
    expect((await s.get(`/api/studio/services/${id}`)).body.status).toBe('retired');
    expect((await s.get('/api/studio/services?status=retired')).body.map((x: any) => x.id)).toEqual([id]);
    // Retired stays retired, even for a direct UPDATE.
    const row = await t.db.db.selectFrom('service_versions').select(['id', 'retired_at']).where('service_id', '=', id).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(row.retired_at).not.toBeNull();
    const err = await t.db.db.updateTable('service_versions').set({ retired_at: null, retired_by: null }).where('id', '=', row.id).execute().then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/a retired version stays retired/);
  });

  it('a stale row version is refused (two designers editing at once)', async () => {
    const current = (await s.get(`/api/studio/services/${id}`)).body;
    expect((await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM, rowVersion: current.rowVersion })).status).toBe(200);
    const stale = await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM, rowVersion: current.rowVersion });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('service.version_conflict');
  });
});
