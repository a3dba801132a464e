/** Procedure catalogue imports, service packages between units, and real form.io / Camunda inputs. */
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { computeFees } from '../../../server/dossiers/fees.js';
import { FIXTURES, fixtureProcedures, readFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { multipart, PDF } from '../../helpers/multipart.js';
import crypto from 'node:crypto';

describe('imports and packages', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let communes: string[];
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    auth = (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth;
    s = studio(t.app, auth);
    communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
  });
  afterAll(() => t.close());

  it('imports the six fixture procedures as six drafts with steps 1 and 2 filled in and notes for free-text conditions', async () => {
    const res = await s.post('/api/studio/imports/procedures', JSON.parse(readFixture('procedures/procedures.json')));
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(6);
    const fixtures = fixtureProcedures().procedures;
    const feeNoteCounts: number[] = [];
    for (const [i, item] of res.body.entries()) {
      const p = fixtures[i];
      const service = (await s.get(`/api/studio/services/${item.id}`)).body;
      expect(service.status).toBe('draft');
      expect(service.metadata).toMatchObject({ name: p.name, field: p.field, onlineLevel: p.onlineLevel, timeLimitDays: p.timeLimit.workingDays, legalBasis: p.legalBasis, result: p.result });
      expect(service.components.map((c: any) => c.name)).toEqual(p.components.map((c: any) => c.name));
      // A free-text condition stays a note; its component stays unconditional-optional.
      const conditional = p.components.map((c: any, j: number) => [c, j]).filter(([c]: any) => c.requiredWhen);
      for (const [c, j] of conditional) {
        expect(service.components[j].requirement).toBe('optional');
        expect(service.notes).toContainEqual({ where: `components[${j}].condition`, text: expect.stringContaining(c.requiredWhen), textVi: expect.stringContaining(c.requiredWhen) });
      }
      // A fee's "when" and "per" each leave a note at the fee; a "when" fee waits for its condition.
      const feeNotes = service.notes.filter((n: any) => n.where.startsWith('metadata.fees')).map((n: any) => n.where);
      expect(feeNotes).toEqual(p.fees.flatMap((f: any, k: number) => [...(f.when ? [`metadata.fees[${k}].condition`] : []), ...(f.per ? [`metadata.fees[${k}].quantityField`] : [])]));
      for (const fee of service.metadata.fees) expect(fee.condition).toBeUndefined();
      feeNoteCounts.push(feeNotes.length);
      expect(service.notes).toHaveLength(conditional.length + feeNotes.length);
      if (p.level === 'commune') expect([...service.metadata.receivingUnitIds].sort()).toEqual([...communes].sort());
      const checks = (await s.get(`/api/studio/services/${item.id}/checks`)).body.checks;
      expect(checks.filter((c: any) => c.check === 'notes.resolved')).toHaveLength(service.notes.length);
    }
    // The copy fee is per copy; the criminal record fees are per copy and one applies only to some.
    expect(feeNoteCounts).toEqual([0, 0, 1, 0, 3, 0]);
    expect(res.body[0].procedureCode).toBe('1.001193');
  });

  it('an imported fee with a free-text condition is pending: warned about, not charged, not in the catalogue total until its condition is written', async () => {
    const record = fixtureProcedures().procedures.find((p) => p.name.startsWith('Cấp Phiếu lý lịch tư pháp'))!;
    const [item] = (await s.post('/api/studio/imports/procedures', { procedures: [record] })).body;
    const draft = (await s.get(`/api/studio/services/${item.id}`)).body;
    expect(draft.metadata.fees.map((f: any) => [f.amountVnd, f.conditionPending ?? false])).toEqual([[200000, false], [100000, true]]);
    const checks = (await s.get(`/api/studio/services/${item.id}/checks`)).body.checks;
    expect(checks.filter((c: any) => c.check === 'fees.condition_pending')).toEqual([expect.objectContaining({ ok: false, severity: 'warning', where: 'metadata.fees[1].condition' })]);

    // Received by the department, whose groups the standard process names.
    const department = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.00.12.H29').id;
    expect((await s.put(`/api/studio/services/${item.id}`, { metadata: { ...draft.metadata, receivingUnitIds: [department] } })).status).toBe(200);
    expect((await s.put(`/api/studio/services/${item.id}/form`, { form: SAMPLE_FORM })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${item.id}/publish`)).status).toBe(201);
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/api/catalog/services?q=ly lich tu phap' })).json().items.find((x: any) => x.id === item.id);
    expect((await listed()).totalFeeVnd).toBe(200000);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${item.id}` })).json();
    expect(detail.fees.map((f: any) => f.amountVnd)).toEqual([200000]);

    // Its condition written, the fee is no longer pending; cleared again, it is always charged.
    const current = (await s.get(`/api/studio/services/${item.id}`)).body;
    const withCondition = { ...current.metadata, fees: current.metadata.fees.map((f: any, i: number) => (i === 1 ? { ...f, condition: 'doiTuongUuDai = true' } : f)) };
    const written = (await s.put(`/api/studio/services/${item.id}`, { metadata: withCondition })).body.metadata;
    expect(written.fees[1]).toMatchObject({ condition: 'doiTuongUuDai = true' });
    expect(written.fees[1]).not.toHaveProperty('conditionPending');
    const cleared = { ...written, fees: written.fees.map(({ condition: _c, ...f }: any) => f) };
    expect((await s.put(`/api/studio/services/${item.id}`, { metadata: cleared })).body.metadata.fees[1]).not.toHaveProperty('conditionPending');
    // Or marked as always charged straight away.
    const always = { ...current.metadata, fees: current.metadata.fees.map((f: any) => ({ ...f, conditionPending: false })) };
    expect((await s.put(`/api/studio/services/${item.id}`, { metadata: always })).body.metadata.fees[1]).not.toHaveProperty('conditionPending');
    expect((await s.get(`/api/studio/services/${item.id}/checks`)).body.checks.some((c: any) => c.check === 'fees.condition_pending')).toBe(false);
    expect((await s.post(`/api/studio/services/${item.id}/publish`)).status).toBe(201);
    expect((await listed()).totalFeeVnd).toBe(300000);
  });

  it('a pending fee is charged once its condition is written, when the condition holds', () => {
    const base = { procedureCode: null, name: 'Phí', field: '', description: '', receivingUnitIds: [], onlineLevel: 'partial' as const, timeLimitDays: 1, timeLimitNote: '', legalBasis: [], applicants: { kinds: ['citizen' as const], onBehalf: true }, result: '', resultChannels: ['counter' as const] };
    const fee = { id: 'uu-dai', name: 'Phí ưu đãi', amountVnd: 100000, dueAt: 'submission' as const, conditionPending: true };
    expect(computeFees({ ...base, fees: [fee] }, { doiTuongUuDai: true })).toEqual([]);
    const written = { ...base, fees: [{ ...fee, condition: 'doiTuongUuDai = true' }] };
    expect(computeFees(written, { doiTuongUuDai: true }).map((l) => l.totalVnd)).toEqual([100000]);
    expect(computeFees(written, { doiTuongUuDai: false })).toEqual([]);
  });

  it('refuses a malformed catalogue record and imports nothing', async () => {
    const before = (await s.get('/api/studio/services')).body.length;
    const bad = JSON.parse(readFixture('procedures/procedures.json'));
    bad.procedures[3].timeLimit.workingDays = 'ba ngày';
    const res = await s.post('/api/studio/imports/procedures', bad);
    expect(res.status).toBe(400);
    expect(res.body.fields[0].path).toBe('/procedures/3/timeLimit/workingDays');
    expect((await s.get('/api/studio/services')).body.length).toBe(before);
  });

  it('export then import into another province gives an equal service, with groups mapped and template files carried', async () => {
    const metadata = {
      procedureCode: '2.000001', name: 'Chứng thực bản sao', field: 'Chứng thực', description: 'Mô tả', receivingUnitIds: communes,
      onlineLevel: 'full', timeLimitDays: 2, timeLimitNote: '', fees: [{ id: 'phi', name: 'Phí chứng thực', amountVnd: 2000, dueAt: 'submission', quantityField: 'soBan' }],
      legalBasis: ['Nghị định 23/2015/NĐ-CP'], applicants: { kinds: ['citizen'], onBehalf: true }, result: 'Bản sao chứng thực', resultChannels: ['online'],
    };
    const id = (await s.post('/api/studio/services', { metadata })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/components`, { components: [{ id: 'ban-chinh', name: 'Bản chính', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 }] });
    await s.put(`/api/studio/services/${id}/step-forms/tham-dinh`, { form: { components: [{ type: 'textarea', key: 'yKien', label: 'Ý kiến', input: true }] } });
    const body = multipart({}, { name: 'Mẫu bản chính.pdf', type: 'application/pdf', data: PDF });
    const upload = await t.app.inject({ method: 'POST', url: `/api/studio/services/${id}/components/ban-chinh/template`, headers: { ...auth, ...body.headers }, payload: body.payload });
    expect(upload.statusCode).toBe(200);
    const originalFileId = upload.json().components[0].templateFileId;
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    const pkg = (await s.get(`/api/studio/services/${id}/export?version=1`)).body;
    expect(pkg.groups).toEqual(['chuyen-vien', 'lanh-dao', 'tiep-nhan']);
    expect(JSON.stringify(pkg)).not.toContain(communes[0]);
    // The template travels in the package, not its file id.
    expect(pkg.components[0].templateFileId).toBeNull();
    expect(pkg.components[0].template).toEqual({
      name: 'Mẫu bản chính.pdf', type: 'application/pdf', size: PDF.length,
      sha256: crypto.createHash('sha256').update(PDF).digest('hex'), base64: PDF.toString('base64'),
    });
    expect(JSON.stringify(pkg)).not.toContain(originalFileId);
    expect(pkg.notes).toEqual([]);

    const other = await createTestTenant(t.db.db, 'khac', '000.00.00.K01', '000.01.01.K01');
    const designer = studio(t.app, (await loginAs(t.app, 'khac.designer', PASSWORD)).auth);
    // Bytes that do not match their checksum are refused, and nothing is stored.
    const servicesBefore = (await designer.get('/api/studio/services')).body.length;
    const filesBefore = (await t.db.db.selectFrom('files').select('id').execute()).length;
    const damaged = { ...pkg, components: [{ ...pkg.components[0], template: { ...pkg.components[0].template, base64: Buffer.concat([PDF.subarray(0, -1), Buffer.from('x')]).toString('base64') } }] };
    const refused = await designer.post('/api/studio/services/import', { package: damaged, receivingUnitIds: [other.commune.id], groupMap: { 'chuyen-vien': 'tiep-nhan', 'lanh-dao': 'tiep-nhan' } });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ code: 'package.template_checksum', path: '/package/components/0/template/sha256' })]);
    expect((await designer.get('/api/studio/services')).body.length).toBe(servicesBefore);
    expect((await t.db.db.selectFrom('files').select('id').execute()).length).toBe(filesBefore);

    const imported = await designer.post('/api/studio/services/import', { package: pkg, receivingUnitIds: [other.commune.id], groupMap: { 'chuyen-vien': 'tiep-nhan', 'lanh-dao': 'tiep-nhan' } });
    expect(imported.status).toBe(201);
    const copy = imported.body;
    const { receivingUnitIds: _a, ...original } = (await s.get(`/api/studio/services/${id}`)).body.metadata;
    const { receivingUnitIds, ...copied } = copy.metadata;
    expect(copied).toEqual(original);
    expect(receivingUnitIds).toEqual([other.commune.id]);
    const { template: _t, templateFileId: _f, ...componentInPackage } = pkg.components[0];
    expect(copy.components).toEqual([{ ...componentInPackage, templateFileId: expect.any(String) }]);
    expect(copy.components[0].templateFileId).not.toBe(originalFileId);
    expect(copy.form).toEqual(pkg.form);
    expect(copy.stepForms).toEqual(pkg.stepForms);
    expect(copy.bpmnXml).toBe(pkg.bpmnXml.replaceAll('candidateGroups="chuyen-vien"', 'candidateGroups="tiep-nhan"').replaceAll('candidateGroups="lanh-dao"', 'candidateGroups="tiep-nhan"'));
    expect(copy.unitId).toBe(other.province.id);
    // The copy publishes in its new province: its only group exists there.
    const checks = (await designer.get(`/api/studio/services/${copy.id}/checks`)).body;
    expect(checks.checks.filter((c: any) => !c.ok)).toEqual([]);
    // Published there, its template downloads from the catalogue with the same bytes.
    expect((await designer.post(`/api/studio/services/${copy.id}/publish`)).status).toBe(201);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${copy.id}` })).json();
    const download = await t.app.inject({ method: 'GET', url: detail.components[0].templateUrl });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const file = await t.db.db.selectFrom('files').selectAll().where('id', '=', copy.components[0].templateFileId).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ tenant_id: other.tenant.id, name: 'Mẫu bản chính.pdf', purpose: 'template', sha256: pkg.components[0].template.sha256 });
    // The original is invisible to the other province's designer.
    expect((await designer.get(`/api/studio/services/${id}`)).status).toBe(404);
    expect((await designer.get(`/api/studio/services/${id}/export`)).status).toBe(404);
  });

  describe('a package is checked like the studio steps it stands for: refused with the reason, nothing stored', () => {
    let pkg: any;
    beforeAll(async () => {
      const id = (await s.post('/api/studio/services', { metadata: { name: 'Dịch vụ để đóng gói', receivingUnitIds: communes } })).body.id;
      await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
      pkg = (await s.get(`/api/studio/services/${id}/export`)).body;
    });
    const doctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&a;</bpmn:definitions>`;
    const duplicateKeys = { components: [{ type: 'textfield', key: 'hoTen', input: true }, { type: 'panel', key: 'p', input: false, components: [{ type: 'textfield', key: 'hoTen', input: true }] }] };
    const keyless = { components: [{ type: 'textarea', label: 'Ý kiến', input: true }] };

    it.each([
      ['a diagram with a DOCTYPE and entities', (p: any) => ({ ...p, bpmnXml: doctype }), 'process.doctype_refused', '/package/bpmnXml'],
      ['a form with duplicate keys', (p: any) => ({ ...p, form: duplicateKeys }), 'form.key_duplicate', 'package.form:components[1].components[0] "hoTen"'],
      ['a step form with a field without a key', (p: any) => ({ ...p, stepForms: { 'tham-dinh': keyless } }), 'form.key_missing', 'package.stepForms.tham-dinh:components[0]'],
    ])('%s', async (_what, spoil, code, path) => {
      const before = (await s.get('/api/studio/services')).body.length;
      const res = await s.post('/api/studio/services/import', { package: spoil(pkg) });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ code, path })]);
      expect((await s.get('/api/studio/services')).body.length).toBe(before);
      // The package untouched imports.
      expect((await s.post('/api/studio/services/import', { package: pkg })).status).toBe(201);
    });
  });

  it('accepts each form.io fixture form as a service form', async () => {
    const id = (await s.post('/api/studio/services', { metadata: { name: 'Biểu mẫu cũ' } })).body.id;
    const dir = path.join(FIXTURES, 'forms/formio-server-fixtures');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.form.json'))) {
      const form = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const res = await s.put(`/api/studio/services/${id}/form`, { form });
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      expect(res.body.form).toEqual(form);
    }
  });

  it.each(['loanApproval.bpmn', 'invoiceApproval.bpmn', 'react-example.bpmn', 'invoicePayment.bpmn'])(
    'the Camunda example %s publishes once its groups and assignees exist',
    async (file) => {
      const drawn = readFixture(`bpmn/camunda-examples/${file}`);
      const metadata = {
        procedureCode: null, name: `Quy trình mẫu ${file}`, field: 'Thử nghiệm', description: '', receivingUnitIds: [communes[0]],
        onlineLevel: 'partial', timeLimitDays: 5, timeLimitNote: '', fees: [], legalBasis: ['Thử nghiệm'],
        applicants: { kinds: ['citizen'], onBehalf: false }, result: 'Kết quả', resultChannels: ['counter'],
      };
      const id = (await s.post('/api/studio/services', { metadata, useTemplate: false })).body.id;
      await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
      expect((await s.put(`/api/studio/services/${id}/process`, { bpmnXml: drawn })).status).toBe(200);
      const unassigned = [...drawn.matchAll(/<bpmn2?:userTask\b(?![^>]*camunda:(?:assignee|candidateGroups|candidateUsers)=)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
      const assignees = [...drawn.matchAll(/camunda:assignee="([^"$#{]+)"/g)].map((m) => m[1]);
      const missingUsers: string[] = [];
      for (const u of new Set(assignees)) if (!(await t.db.db.selectFrom('accounts').select('id').where('username', '=', u).executeTakeFirst())) missingUsers.push(u);
      const before = (await s.get(`/api/studio/services/${id}/checks`)).body;
      // Until every user task has someone to do it, publishing is refused, task by task.
      expect(before.checks.filter((c: any) => !c.ok && c.severity === 'error').map((c: any) => c.where).sort()).toEqual(
        [...unassigned.map((u) => `process:${u}`), ...assignees.filter((a) => missingUsers.includes(a)).map(() => expect.stringMatching(/^process:/))].sort(),
      );
      // The designer gives the unassigned tasks a group in the modeler's properties panel...
      const xml = unassigned.reduce((x, taskId) => x.replace(new RegExp(`(<bpmn2?:userTask\\b[^>]*\\bid="${taskId}")`), '$1 camunda:candidateGroups="chuyen-vien"'), drawn);
      expect((await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml })).status).toBe(200);
      // ...and the admin creates the account the diagram names as assignee.
      const admin = await loginAs(t.app, 'admin', DEMO_PASSWORD);
      for (const username of missingUsers) {
        const created = await t.app.inject({ method: 'POST', url: '/api/admin/accounts', headers: admin.auth, payload: { username, password: 'Demo@12345', fullName: 'Demo', unitId: communes[0], roles: ['official'] } });
        expect(created.statusCode).toBe(201);
      }
      const checks = (await s.get(`/api/studio/services/${id}/checks`)).body;
      expect(checks.checks.filter((c: any) => !c.ok && c.severity === 'error')).toEqual([]);
      const published = await s.post(`/api/studio/services/${id}/publish`);
      expect(published.status).toBe(201);
    },
  );
});
