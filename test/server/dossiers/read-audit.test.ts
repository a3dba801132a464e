/** Officials' reads of a dossier are audited: who read whose data, and what (server/dossiers/read-audit.ts). */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe("officials' reads of a dossier", () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let dossierId: string;
  let paymentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    // A service with a fee paid at submission, so that the dossier has a payment and its receipt.
    const serviceId = await publishFixture(s, 'Cấp bản sao trích lục hộ tịch');
    const phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const submitted = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] });
    expect(submitted.status).toBe(202);
    const url = new URL(submitted.body.payment.payUrl);
    const paid = await t.app.inject({ method: 'POST', url: `${url.pathname}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `t=${encodeURIComponent(url.searchParams.get('t')!)}&outcome=paid` });
    expect(paid.statusCode).toBe(303);
    dossierId = (await t.db.db.selectFrom('dossiers').select('id').executeTakeFirstOrThrow()).id;
    paymentId = (await c.get(`/api/dossiers/${dossierId}/payments`)).body[0].id;
  });
  afterAll(() => t.close());

  const auditRows = () =>
    t.db.db.selectFrom('audit_log').select(['actor_id', 'actor_kind', 'action', 'entity_type', 'entity_id', 'tenant_id', 'details', 'request_id']).where('entity_id', '=', dossierId).where('action', 'like', 'dossier.%').orderBy('id').execute();
  const reads = () => [
    ['dossier.view', {}, `/api/dossiers/${dossierId}`],
    ['dossier.view_slip', { slip: 'receipt' }, `/api/dossiers/${dossierId}/documents/receipt`],
    ['dossier.view_payments', {}, `/api/dossiers/${dossierId}/payments`],
    ['dossier.view_payment_receipt', { paymentId }, `/api/dossiers/${dossierId}/payments/${paymentId}/receipt`],
  ] as const;

  it("records each official's read with who, which dossier and what: the dossier, its task, the receipt and control slips, the payments and their receipt", async () => {
    const official = await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD);
    const o = studio(t.app, official.auth);
    const task = (await o.get('/api/tasks?queue=available')).body.items.find((i: any) => i.dossier.id === dossierId);
    const before = (await auditRows()).length;
    for (const [, , url] of reads()) expect((await o.get(url)).status).toBe(200);
    expect((await o.get(`/api/dossiers/${dossierId}/documents/control`)).status).toBe(200);
    expect((await o.get(`/api/tasks/${task.id}`)).status).toBe(200);

    const tenantId = (await t.db.db.selectFrom('dossiers').select('tenant_id').where('id', '=', dossierId).executeTakeFirstOrThrow()).tenant_id;
    const who = { actor_id: official.user.id, actor_kind: 'staff', entity_type: 'dossier', entity_id: dossierId, tenant_id: tenantId };
    const rows = (await auditRows()).slice(before);
    expect(rows).toEqual([
      ...reads().map(([action, details]) => expect.objectContaining({ ...who, action, details })),
      expect.objectContaining({ ...who, action: 'dossier.view_slip', details: { slip: 'control' } }),
      expect.objectContaining({ ...who, action: 'dossier.view', details: { via: 'task' } }),
    ]);
    expect(rows.every((r) => r.request_id)).toBe(true);
  });

  it("does not audit the citizen's reads of their own dossier", async () => {
    const before = (await auditRows()).length;
    for (const [, , url] of reads()) expect((await c.get(url)).status).toBe(200);
    expect(await auditRows()).toHaveLength(before);
  });

  it('does not audit a read that was refused: another unit’s official gets 404 and leaves no row', async () => {
    const other = studio(t.app, (await loginAs(t.app, 'trucbach.tiepnhan', DEMO_PASSWORD)).auth);
    const before = (await auditRows()).length;
    for (const [, , url] of reads()) expect((await other.get(url)).status).toBe(404);
    expect(await auditRows()).toHaveLength(before);
  });
});
