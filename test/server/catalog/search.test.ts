/** The public catalogue's search: a match in the name ranks first, and pages cover every result once. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';

describe('catalogue search', () => {
  let t: TestApp;
  const search = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/catalog/services?${qs}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Array<{ id: string; name: string }>; total: number; page: number; pageSize: number };
  };

  // Names chosen so that alphabetical order is not the expected order.
  const services = [
    { name: 'Bồi thường công trình khi giải phóng mặt bằng', field: 'Thủy lợi' },
    { name: 'Cấp phép hoạt động thủy lợi nội đồng', field: 'Nông nghiệp' },
    { name: 'Đê điều và kênh mương', field: 'Thủy lợi' },
    { name: 'Thủy lợi phí: miễn, giảm', field: 'Tài chính' },
    { name: 'An toàn đập, hồ chứa nước', field: 'Thủy lợi' },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
    for (const x of services) {
      const metadata = {
        procedureCode: null, name: x.name, field: x.field, description: 'Thủ tục về thủy lợi', receivingUnitIds: communes,
        onlineLevel: 'partial', timeLimitDays: 5, timeLimitNote: '', fees: [], legalBasis: ['Luật Thủy lợi 2017'],
        applicants: { kinds: ['citizen'], onBehalf: true }, result: 'Văn bản trả lời', resultChannels: ['counter'],
      };
      const id = (await s.post('/api/studio/services', { metadata })).body.id;
      await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
      expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('ranks a name that starts with the query, then a name that holds it, above services that match only by field', async () => {
    const found = await search('q=thuy%20loi');
    expect(found.total).toBe(5);
    expect(found.items.slice(0, 2).map((i) => i.name)).toEqual(['Thủy lợi phí: miễn, giảm', 'Cấp phép hoạt động thủy lợi nội đồng']);
    expect(found.items.slice(2).map((i) => i.name).sort()).toEqual(['An toàn đập, hồ chứa nước', 'Bồi thường công trình khi giải phóng mặt bằng', 'Đê điều và kênh mương'].sort());
    // All the words in the name, though not side by side, still beat the field.
    expect((await search('q=loi%20cap%20phep')).items[0]?.name).toBe('Cấp phép hoạt động thủy lợi nội đồng');
  });

  it('pages through the results with a total, each service on exactly one page, in the ranked order', async () => {
    const all = (await search('q=thuy%20loi&pageSize=50')).items.map((i) => i.id);
    expect(all).toHaveLength(5);
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const res = await search(`q=thuy%20loi&pageSize=2&page=${page}`);
      expect(res).toMatchObject({ total: 5, page, pageSize: 2 });
      pages.push(res.items.map((i) => i.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flat()).toEqual(all);
    expect(new Set(pages.flat()).size).toBe(5);
    // Without a query every published service pages the same way (the demo's and these).
    const everything = await search('pageSize=3');
    const seen = new Set<string>();
    for (let page = 1; page <= Math.ceil(everything.total / 3); page++) for (const i of (await search(`pageSize=3&page=${page}`)).items) seen.add(i.id);
    expect(seen.size).toBe(everything.total);
    expect((await t.app.inject({ method: 'GET', url: '/api/catalog/services?pageSize=51' })).statusCode).toBe(400);
  });
});
