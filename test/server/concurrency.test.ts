/**
 * Exactly once under concurrency, on PostgreSQL: gapless dossier codes for 200 concurrent
 * submissions to one agency; one winner among 50 officials completing one task; two server
 * processes completing the two branches of the same dossiers at once.
 */
import { sql } from 'kysely';
import { createPgDatabase, describeWithPg, type TestDb } from '../helpers/db.js';
import { createTestApp, loginAs, type TestApp } from '../helpers/app.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo.js';
import { publishFixture, SAMPLE_FORM, studio } from '../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../helpers/citizen.js';

const PARALLEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:esb="http://e-service-builder.gov.vn/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
    <bpmn:userTask id="a" name="Thẩm định A" camunda:candidateGroups="chuyen-vien" esb:decisions="done" />
    <bpmn:userTask id="b" name="Thẩm định B" camunda:candidateGroups="lanh-dao" esb:decisions="done" />
    <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="r" />
    <bpmn:userTask id="r" name="Trả kết quả" camunda:candidateGroups="tiep-nhan" esb:decisions="return-result" esb:dossierStatus="9" />
    <bpmn:sequenceFlow id="f7" sourceRef="r" targetRef="e" />
    <bpmn:endEvent id="e" esb:dossierStatus="10" />
  </bpmn:process>
</bpmn:definitions>`;

describeWithPg('concurrency', () => {
  let db: TestDb;
  let t: TestApp;
  let serviceId: string;
  let phucxa: string;
  let c: ReturnType<typeof citizen>;

  beforeAll(async () => {
    db = await createPgDatabase();
    t = await createTestApp({}, db);
    await seedDemo(db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Cấp bản sao trích lục hộ tịch', { fees: [] });
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  const submitOne = async () => {
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    return c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] });
  };

  it('200 concurrent submissions to one agency get 200 distinct, gapless codes', async () => {
    const fileIds = await Promise.all(Array.from({ length: 200 }, async () => (await c.upload(serviceId, 'tp-1')).body.id));
    const results = await Promise.all(fileIds.map((fileId) => c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] })));
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    const numbers = results.map((r) => Number(r.body.code.split('-').at(-1))).sort((a, b) => a - b);
    expect(new Set(results.map((r) => r.body.code)).size).toBe(200);
    expect(numbers[numbers.length - 1] - numbers[0]).toBe(199);
  }, 120_000);

  it('100 concurrent submissions where every 5th fails after its code was allocated: the 80 others hold gapless codes', async () => {
    // The failure comes from the history row written after the code (and only once the dossier
    // holds a real one): each failed transaction took a number and must give it back.
    await sql`create function fail_marked() returns trigger language plpgsql as $$ begin
      if exists (select 1 from dossiers where id = new.dossier_id and data->>'hoTen' = 'LỖI SAU KHI CẤP MÃ' and code not like '~%') then raise exception 'injected failure'; end if;
      return new; end $$`.execute(db.db);
    await sql`create trigger fail_marked before insert on dossier_history for each row execute function fail_marked()`.execute(db.db);
    try {
      const fileIds = await Promise.all(Array.from({ length: 100 }, async () => (await c.upload(serviceId, 'tp-1')).body.id));
      const results = await Promise.all(
        fileIds.map((fileId, i) => c.submit({ serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, ...(i % 5 === 4 && { hoTen: 'LỖI SAU KHI CẤP MÃ' }) }, attachments: [{ componentId: 'tp-1', fileId }] })),
      );
      expect(results.map((r) => r.status)).toEqual(fileIds.map((_, i) => (i % 5 === 4 ? 500 : 201)));
      // Every dossier of the agency today (these and the earlier tests'): 0001..N, no gaps.
      const codes = (await db.db.selectFrom('dossiers').select('code').where('receiving_unit_id', '=', phucxa).execute()).map((d) => d.code);
      const numbers = codes.map((code) => Number(code.split('-').at(-1))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect(codes.filter((code) => results.some((r) => r.body.code === code))).toHaveLength(80);
      const sequence = await db.db.selectFrom('dossier_sequences').select('last').where('agency_code', '=', '000.31.01.H29').executeTakeFirstOrThrow();
      expect(sequence.last).toBe(numbers.length);
    } finally {
      await sql`drop trigger fail_marked on dossier_history`.execute(db.db);
    }
  }, 120_000);

  it('50 officials completing one task at once: exactly one 200, the rest 409', async () => {
    const d = (await submitOne()).body;
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    const results = await Promise.all(Array.from({ length: 50 }, () => receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept' })));
    const codes = results.map((r) => r.status).sort();
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(49);
    const history = await db.db.selectFrom('dossier_history').select('status').where('dossier_id', '=', d.id).where('status', '=', 2).execute();
    expect(history).toHaveLength(1);
  }, 120_000);

  describe('two server processes', () => {
    let servers: ServerProcess[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
    });

    it('complete the two branches of the same dossiers at once: every completion succeeds, none is lost or doubled', async () => {
      const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
      const id = (await s.post('/api/studio/services', { metadata: { name: 'Thẩm định song song', field: 'Thử nghiệm', receivingUnitIds: [phucxa], legalBasis: ['Thử nghiệm'], result: 'Kết quả', timeLimitDays: 5 }, useTemplate: false })).body.id;
      await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
      await s.put(`/api/studio/services/${id}/process`, { bpmnXml: PARALLEL });
      expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
      const dossiers = [];
      for (let i = 0; i < 8; i++) dossiers.push((await c.submit({ serviceId: id, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [] })).body);

      servers = await Promise.all([0, 1].map(() => startServer({ DATABASE_URL: db.url!, JOB_LOOP: 'false', SEED_DEMO: 'false', LOGIN_IP_LIMIT_PER_MINUTE: '100000' })));
      const http = async (server: ServerProcess, method: string, path: string, token?: string, body?: unknown) => {
        const res = await fetch(server.url + path, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: await res.json() };
      };
      const token = async (server: ServerProcess, username: string) => (await http(server, 'POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD })).body.accessToken as string;
      const [ta, tb] = [await token(servers[0], 'phucxa.chuyenvien'), await token(servers[1], 'phucxa.lanhdao')];
      const branch = async (server: ServerProcess, tok: string, code: string) => {
        const task = (await http(server, 'GET', `/api/tasks?queue=available&code=${encodeURIComponent(code)}`, tok)).body.items[0];
        const claimed = await http(server, 'POST', `/api/tasks/${task.id}/claim`, tok);
        expect(claimed.body).toMatchObject({ id: task.id });
        return http(server, 'POST', `/api/tasks/${task.id}/complete`, tok, { decision: 'done' });
      };
      const results = await Promise.all(dossiers.flatMap((d) => [branch(servers[0], ta, d.code), branch(servers[1], tb, d.code)]));
      expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
      for (const d of dossiers) {
        const tasks = await db.db.selectFrom('tasks').select(['element_id', 'status']).where('business_key', '=', d.id).orderBy('element_id').execute();
        expect(tasks).toEqual([
          { element_id: 'a', status: 'completed' },
          { element_id: 'b', status: 'completed' },
          { element_id: 'r', status: 'open' },
        ]);
      }
    }, 240_000);
  });
});
