/** A designer of one province cannot change another province's services: 404, and nothing moves. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';

describe("studio writes across provinces", () => {
  let t: TestApp;
  let own: ReturnType<typeof studio>;
  let other: ReturnType<typeof studio>;
  let otherDesignerId: string;
  let service: any;

  beforeAll(async () => {
    t = await createTestApp();
    // Province B: the demo province, with its two published (hence publishable) services.
    await seedDemo(t.db.db, { services: true });
    // Province A: another province with its own designer.
    const a = await createTestTenant(t.db.db, 'pa', '000.00.00.P01', '000.01.01.P01');
    otherDesignerId = a.designer.id;
    own = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    other = studio(t.app, (await loginAs(t.app, 'pa.designer', PASSWORD)).auth);
    const [first] = (await own.get('/api/studio/services')).body;
    service = (await own.get(`/api/studio/services/${first.id}`)).body;
  });
  afterAll(() => t.close());

  const snapshot = async (id: string) => ({
    service: await t.db.db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    versions: await t.db.db.selectFrom('service_versions').select(['id', 'version']).where('service_id', '=', id).orderBy('version').execute(),
    audit: await t.db.db.selectFrom('audit_log').select('id').where('actor_id', '=', otherDesignerId).where('entity_type', '!=', 'account').execute(),
  });

  // Valid bodies: without the tenant check, each would change the service or publish it.
  const writes = () => [
    ['PUT', `/api/studio/services/${service.id}`, { metadata: { ...service.metadata, name: 'Đổi tên trái phép' } }],
    ['PUT', `/api/studio/services/${service.id}/form`, { form: SAMPLE_FORM }],
    ['PUT', `/api/studio/services/${service.id}/process`, { bpmnXml: service.bpmnXml }],
    ['POST', `/api/studio/services/${service.id}/publish`, {}],
  ] as const;

  it("a designer of province A gets 404 service.not_found on every write to a service of province B, and nothing changes", async () => {
    const before = await snapshot(service.id);
    for (const [method, url, body] of writes()) {
      const res = await other.call(method, url, body);
      expect({ url, status: res.status, code: res.body?.code }).toEqual({ url, status: 404, code: 'service.not_found' });
    }
    expect(await snapshot(service.id)).toEqual(before);
  });

  it("the same requests from province B's own designer succeed (the bodies are valid)", async () => {
    for (const [method, url, body] of writes()) {
      const res = await own.call(method, url, body);
      expect({ url, status: res.status }).toEqual({ url, status: method === 'POST' ? 201 : 200 });
    }
    const after = await snapshot(service.id);
    expect(after.versions.map((v) => v.version)).toEqual([1, 2]);
  });
});
