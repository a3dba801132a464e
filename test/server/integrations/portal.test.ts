import { connect, type Db, type DbHandle } from '../../../server/db/connect.js';
import { createTenant } from '../../../server/admin/commands/units.js';
import { systemContext } from '../../../server/context.js';
import {
  createPortalRegistry,
  insertPortalSync,
  portalOutboxLock,
  queuePortalSync,
  requeueFailedPortalSync,
  syncPortal,
  type PortalSyncInput,
  type PortalSyncOutcome,
} from '../../../server/integrations/portal/index.js';
import type { DossierStatusCode } from '../../../server/integrations/tables.js';
import { createPgDatabase, createTestDb, describeWithPg, type TestDb } from '../../helpers/db.js';
import { startReceiver, type Behaviour, type Receiver } from './portal-receiver.js';

const PATH = [1, 2, 4, 6, 9, 10] as DossierStatusCode[];

async function tenantOf(db: Db, code: string): Promise<string> {
  return (await createTenant(db, systemContext('test'), { agencyCode: code, name: `Tỉnh ${code}` })).tenant.id;
}

const change = (tenantId: string, dossierId: string, status: DossierStatusCode, i: number): PortalSyncInput => ({
  tenantId,
  dossierId,
  dossierCode: `000.00.12.H29-251103-${dossierId.slice(-4)}`,
  procedureCode: '1.001612',
  agencyCode: '000.00.12.H29',
  status,
  changedAt: new Date(Date.UTC(2025, 10, 3, 2, i)),
  receivedAt: new Date(Date.UTC(2025, 10, 3, 2, 0)),
  dueAt: new Date(Date.UTC(2025, 10, 10, 10, 0)),
  payload: { serviceName: 'Đăng ký khai sinh' },
});

const dossierIds = (n: number, prefix = '') =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${(prefix + String(i + 1)).padStart(12, '0')}`);

/** Queues each dossier's path of statuses, each change in its own transaction, interleaved. */
async function queuePaths(db: Db, tenantId: string, dossiers: string[]) {
  for (let step = 0; step < PATH.length; step++) {
    for (const d of dossiers) await db.transaction().execute((trx) => queuePortalSync(trx, change(tenantId, d, PATH[step], step)));
  }
}

/** Runs the sender with a clock moving a minute per round until nothing is left pending. */
async function drain(db: Db, run: (now: Date) => Promise<PortalSyncOutcome[]>, maxRounds = 200): Promise<PortalSyncOutcome[]> {
  const outcomes: PortalSyncOutcome[] = [];
  const t0 = Date.now();
  for (let round = 0; round < maxRounds; round++) {
    outcomes.push(...(await run(new Date(t0 + round * 60_000))));
    const left = await db.selectFrom('portal_outbox').select('id').where('status', '=', 'pending').executeTakeFirst();
    if (!left) return outcomes;
  }
  throw new Error(`records still pending after ${maxRounds} rounds`);
}

function expectExactlyOnceInOrder(receiver: Receiver, dossiers: string[]) {
  expect(receiver.violations).toEqual([]);
  for (const d of dossiers) {
    expect(receiver.applied.filter((r) => r.dossierId === d).map((r) => [r.sequence, r.status])).toEqual(PATH.map((s, i) => [i + 1, s]));
  }
  expect(receiver.applied).toHaveLength(dossiers.length * PATH.length);
  expect(receiver.duplicates).toBe(receiver.lostAcks);
}

describe('national portal sync', () => {
  let t: TestDb;
  let tenantId: string;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    tenantId = await tenantOf(t.db, '000.00.00.H29');
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.deleteFrom('portal_outbox').execute());
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('numbers each dossier’s changes 1, 2, 3… and a rolled-back change leaves no gap', async () => {
    const [a, b] = dossierIds(2, '9');
    const q = (d: string, s: DossierStatusCode) => t.db.transaction().execute((trx) => queuePortalSync(trx, change(tenantId, d, s, s)));
    expect((await q(a, 1)).sequence).toBe(1);
    expect((await q(b, 1)).sequence).toBe(1);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await queuePortalSync(trx, change(tenantId, a, 2, 2));
        throw new Error('the status change failed');
      }),
    ).rejects.toThrow('the status change failed');
    expect((await q(a, 2)).sequence).toBe(2);
    expect((await q(a, 4)).sequence).toBe(3);
    const rows = await t.db.selectFrom('portal_outbox').select(['dossier_id', 'sequence', 'dossier_status']).orderBy('dossier_id').orderBy('sequence').execute();
    expect(rows.map((r) => [r.dossier_id, r.sequence, r.dossier_status])).toEqual([[a, 1, 1], [a, 2, 2], [a, 3, 4], [b, 1, 1]]);
  });

  it('refuses a status outside 1..10', async () => {
    await expect(t.db.transaction().execute((trx) => queuePortalSync(trx, change(tenantId, dossierIds(1)[0], 11 as DossierStatusCode, 0)))).rejects.toThrow(RangeError);
  });

  it('posts JSON with the idempotency key in a header and in the body', async () => {
    let seen: { headers?: Record<string, string>; body?: unknown } = {};
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      seen = { headers: init.headers as Record<string, string>, body: JSON.parse(init.body as string) };
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const [d] = dossierIds(1);
    await t.db.transaction().execute((trx) => queuePortalSync(trx, change(tenantId, d, 1, 0)));
    const out = await syncPortal(t.db, { endpoint: 'http://127.0.0.1:9/x', fetch: fakeFetch, headers: { authorization: 'Bearer token' }, now: new Date() });
    expect(out.map((o) => o.outcome)).toEqual(['sent']);
    expect(seen.headers).toMatchObject({ 'idempotency-key': `${d}:1`, 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer token' });
    expect(seen.body).toEqual({
      idempotencyKey: `${d}:1`, dossierId: d, dossierCode: `000.00.12.H29-251103-${d.slice(-4)}`, procedureCode: '1.001612', agencyCode: '000.00.12.H29',
      status: 1, sequence: 1, changedAt: '2025-11-03T02:00:00.000Z', receivedAt: '2025-11-03T02:00:00.000Z', dueAt: '2025-11-10T10:00:00.000Z',
      finishedAt: null, returnedAt: null, data: { serviceName: 'Đăng ký khai sinh' },
    });
  });

  it('delivers every change of several dossiers exactly once and in order, through a 500, a hang-up and a timeout', async () => {
    const script: Behaviour[] = ['error', 'apply-then-hang-up', 'apply-then-silence', 'error', 'apply-then-hang-up'];
    receiver = await startReceiver((n) => script[n - 1] ?? 'accept');
    const dossiers = dossierIds(4);
    await queuePaths(t.db, tenantId, dossiers);
    const outcomes = await drain(t.db, (now) => syncPortal(t.db, { endpoint: receiver!.url, now, timeoutMs: 300, backoffSeconds: 1, concurrency: 3 }));

    expectExactlyOnceInOrder(receiver, dossiers);
    expect(receiver.lostAcks).toBe(3);
    expect(receiver.duplicates).toBe(3);
    const errors = outcomes.filter((o) => o.outcome === 'retry').map((o) => o.error);
    expect(errors).toHaveLength(5);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/answered 500: Hệ thống đang bận/), expect.stringMatching(/fetch failed/), expect.stringMatching(/timeout|aborted/i)]));
    const rows = await t.db.selectFrom('portal_outbox').select(['status', 'sent_at']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.sent_at)).toBe(true);
  });

  it('never sends a change before the previous one of its dossier is acknowledged, but other dossiers go on', async () => {
    const [stuck, free] = dossierIds(2, '5');
    // The stuck dossier's first change fails three times.
    let failures = 0;
    receiver = await startReceiver((_n, r) => (r.dossierId === stuck && r.sequence === 1 && failures++ < 3 ? 'error' : 'accept'));
    await queuePaths(t.db, tenantId, [stuck, free]);
    const t0 = Date.now();
    const first = await syncPortal(t.db, { endpoint: receiver.url, now: new Date(t0), backoffSeconds: 60 });
    // Nothing of the stuck dossier went out after its failed head; the free one went through.
    expect(first.filter((o) => o.dossierId === stuck).map((o) => [o.sequence, o.outcome])).toEqual([[1, 'retry']]);
    expect(first.filter((o) => o.dossierId === free).map((o) => o.outcome)).toEqual(PATH.map(() => 'sent'));
    expect(await syncPortal(t.db, { endpoint: receiver.url, now: new Date(t0 + 59_000) })).toEqual([]);
    await drain(t.db, (now) => syncPortal(t.db, { endpoint: receiver!.url, now: new Date(now.getTime() + 60_000), backoffSeconds: 60 }));
    expectExactlyOnceInOrder(receiver, [stuck, free]);
  });

  it('fails a change after its last try, holds the dossier’s later ones, and resumes when requeued', async () => {
    const [d] = dossierIds(1, '7');
    let down = true;
    receiver = await startReceiver(() => (down ? 'error' : 'accept'));
    await queuePaths(t.db, tenantId, [d]);
    const t0 = Date.now();
    const out: PortalSyncOutcome[] = [];
    for (let i = 0; i < 5; i++) out.push(...(await syncPortal(t.db, { endpoint: receiver.url, now: new Date(t0 + i * 3_600_000), maxAttempts: 3, backoffSeconds: 1 })));
    expect(out.map((o) => [o.sequence, o.outcome])).toEqual([[1, 'retry'], [1, 'retry'], [1, 'failed']]);
    const rows = await t.db.selectFrom('portal_outbox').select(['sequence', 'status', 'attempts', 'last_error']).where('dossier_id', '=', d).orderBy('sequence').execute();
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 3, last_error: expect.stringMatching(/500/) });
    expect(rows.slice(1).every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);

    down = false;
    expect(await requeueFailedPortalSync(t.db, { tenantId, dossierId: d, now: new Date(t0) })).toBe(1);
    await drain(t.db, (now) => syncPortal(t.db, { endpoint: receiver!.url, now }));
    expect(receiver.applied.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('the local sender acknowledges everything (demo without a portal)', async () => {
    await queuePaths(t.db, tenantId, dossierIds(2, '8'));
    const out = await syncPortal(t.db, { sender: createPortalRegistry().get('local'), now: new Date(), limit: 100 });
    expect(out).toHaveLength(12);
    expect(out.every((o) => o.outcome === 'sent')).toBe(true);
  });
});

describeWithPg('national portal sync across server processes (PostgreSQL)', () => {
  let t: TestDb;
  let other: DbHandle;
  let tenantId: string;
  beforeAll(async () => {
    t = await createPgDatabase();
    other = await connect({ databaseUrl: t.url, poolSize: 6 });
    tenantId = await tenantOf(t.db, '000.00.00.H31');
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('numbers 40 concurrent changes of one dossier 1..40 without gaps, rolled-back ones included', async () => {
    const [d] = dossierIds(1, '3');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? other.db : t.db).transaction().execute(async (trx) => {
          const q = await queuePortalSync(trx, change(tenantId, d, 4, i));
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          if (i % 5 === 4) throw new Error('rolled back');
          return q.sequence;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const sequences = (await t.db.selectFrom('portal_outbox').select('sequence').where('dossier_id', '=', d).orderBy('sequence').execute()).map((r) => r.sequence);
    expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await t.db.deleteFrom('portal_outbox').execute();
  });

  it('numbers gaplessly when some changes take the lock in a read of their own (as a dossier status does) and insert after', async () => {
    const [d] = dossierIds(1, '5');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? other.db : t.db).transaction().execute(async (trx) => {
          let q;
          if (i % 3) {
            // The lock selected beside other columns, then the numbered insert: two statements.
            await trx.selectFrom('tenants').select(['id', portalOutboxLock(d).as('locked')]).where('id', '=', tenantId).executeTakeFirstOrThrow();
            await new Promise((r) => setTimeout(r, Math.random() * 3));
            q = await insertPortalSync(trx, change(tenantId, d, 4, i));
          } else {
            q = await queuePortalSync(trx, change(tenantId, d, 4, i));
          }
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          if (i % 5 === 4) throw new Error('rolled back');
          return q.sequence;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const kept = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])).sort((a, b) => a - b);
    const sequences = (await t.db.selectFrom('portal_outbox').select('sequence').where('dossier_id', '=', d).orderBy('sequence').execute()).map((r) => r.sequence);
    expect(sequences).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(kept).toEqual(sequences);
    await t.db.deleteFrom('portal_outbox').execute();
  });

  it('four senders on two pools deliver every change exactly once, in order per dossier, through failures', async () => {
    // Deterministic trouble: every 7th request fails, every 11th is applied and hung up on.
    const receiver = await startReceiver(
      (n) => (n % 7 === 0 ? 'error' : n % 11 === 0 ? 'apply-then-hang-up' : 'accept'),
      () => Math.random() * 4,
    );
    try {
      const dossiers = dossierIds(12, '4');
      await queuePaths(t.db, tenantId, dossiers);
      const sender = (db: Db) => (now: Date) => syncPortal(db, { endpoint: receiver.url, now, timeoutMs: 2000, backoffSeconds: 1, concurrency: 3, limit: 10 });
      const t0 = Date.now();
      for (let round = 0; round < 100; round++) {
        const now = new Date(t0 + round * 60_000);
        await Promise.all([sender(t.db)(now), sender(other.db)(now), sender(t.db)(now), sender(other.db)(now)]);
        if (!(await t.db.selectFrom('portal_outbox').select('id').where('status', '<>', 'sent').executeTakeFirst())) break;
      }
      expectExactlyOnceInOrder(receiver, dossiers);
      expect(receiver.lostAcks).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});
