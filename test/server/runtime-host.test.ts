/**
 * RUNTIME_COMPACT: which host the server's runtime starts new instances on. By default a
 * sequential process (the standard template) runs on the compact interpreter; with
 * RUNTIME_COMPACT=false on bpmn-engine; and an instance keeps its host whatever the switch
 * says when a later server steps it.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../server/config.js';
import { standardProcessXml } from '../../server/procedures/template.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const xml = standardProcessXml({ timeLimitDays: 15, withPayment: true });

describe('RUNTIME_COMPACT', () => {
  let db: TestDb;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDb();
    const tenant = await sql<{ id: string }>`insert into tenants (code, name) values ('RTH', 'Runtime host test') returning id`.execute(db.db);
    tenantId = tenant.rows[0].id;
  });
  afterAll(() => db.close());

  it('is on unless set to false', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).runtimeCompact).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', RUNTIME_COMPACT: 'true' }).runtimeCompact).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', RUNTIME_COMPACT: 'false' }).runtimeCompact).toBe(false);
  });

  // One published version; each server has read its diagram (as from service_versions).
  const versionId = crypto.randomUUID();
  async function readVersion(t: TestApp) {
    await t.app.db.transaction().execute((trx) => t.app.runtime.definition(trx as never, { tenantId, versionId }, xml));
  }

  async function start(t: TestApp): Promise<string> {
    const step = await t.app.db.transaction().execute((trx) => t.app.runtime.startInstance(trx, { tenantId, versionId, xml, businessKey: null, variables: { soBan: 1 } }));
    return step.instanceId;
  }

  async function engineOf(id: string): Promise<string> {
    const row = await db.db.selectFrom('process_instances' as never).select(sql<unknown>`state`.as('state')).where(sql`id`, '=', id).executeTakeFirstOrThrow();
    return (row as { state: { engine?: string } }).state.engine ?? 'bpmn-engine';
  }

  async function completeReceive(t: TestApp, instanceId: string) {
    const task = await db.db.selectFrom('tasks' as never).select(sql<string>`id`.as('id')).where(sql`instance_id`, '=', instanceId).where(sql`element_id`, '=', 'receive').executeTakeFirstOrThrow();
    return t.app.db.transaction().execute((trx) => t.app.runtime.completeTask(trx, { tenantId, taskId: (task as { id: string }).id, actor: 'official', decision: 'accept' }));
  }

  it('starts the standard template on the compact interpreter by default, on bpmn-engine when false, and each instance keeps its host', async () => {
    const compactApp = await createTestApp({}, db);
    const engineApp = await createTestApp({ runtimeCompact: false }, db);
    try {
      await readVersion(compactApp);
      await readVersion(engineApp);
      const compact = await start(compactApp);
      const engine = await start(engineApp);
      expect(await engineOf(compact)).toBe('compact');
      expect(await engineOf(engine)).toBe('bpmn-engine');
      // Each stepped by the other server: the stored state decides.
      expect((await completeReceive(engineApp, compact)).createdTasks.map((t) => t.elementId)).toEqual(['process']);
      expect((await completeReceive(compactApp, engine)).createdTasks.map((t) => t.elementId)).toEqual(['process']);
      expect(await engineOf(compact)).toBe('compact');
      expect(await engineOf(engine)).toBe('bpmn-engine');
    } finally {
      await compactApp.close();
      await engineApp.close();
    }
  });
});
