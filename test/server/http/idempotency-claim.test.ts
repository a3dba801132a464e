/**
 * claimKey takes a key in one statement (an insert that overwrites only an expired row of the
 * same key): what a caller sees for a fresh, a live, a reused and an expired key, and on
 * PostgreSQL two transactions racing for one key (expired or not): exactly one takes it.
 */
import { claimKey, storeAnswer, IDEMPOTENCY_TTL_HOURS } from '../../../server/http/idempotency.js';
import { connect, type Db, type DbHandle } from '../../../server/db/connect.js';
import { createPgDatabase, createTestDb, describeWithPg, type TestDb } from '../../helpers/db.js';
import { createTestTenant } from '../../helpers/tenants.js';

const HOUR = 3600_000;
const SCOPE = 'test.scope';

async function keyRow(db: Db, accountId: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).where('scope', '=', SCOPE).where('key', '=', key).execute();
}

describe('claimKey', () => {
  let t: TestDb;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb();
    accountId = (await createTestTenant(t.db, 'idem', '000.00.00.H42', '000.42.01.H42')).official.id;
  });
  afterAll(() => t.close());

  const claim = (key: string, hash: string, now: Date) => t.db.transaction().execute((trx) => claimKey(trx, accountId, SCOPE, key, hash, now));
  const answer = (key: string, body: Record<string, unknown>) => t.db.transaction().execute((trx) => storeAnswer(trx, accountId, SCOPE, key, { statusCode: 201, body }));

  it('a fresh key is taken; the same key and body then replays the stored answer; another body is refused', async () => {
    const now = new Date('2026-03-02T03:00:00Z');
    expect(await claim('fresh-key-1', 'h1', now)).toBeUndefined();
    await answer('fresh-key-1', { id: 'first' });
    expect(await claim('fresh-key-1', 'h1', new Date(now.getTime() + HOUR))).toEqual({ statusCode: 201, body: { id: 'first' } });
    await expect(claim('fresh-key-1', 'h2', new Date(now.getTime() + HOUR))).rejects.toMatchObject({ code: 'idempotency.key_reused' });
    const rows = await keyRow(t.db, accountId, 'fresh-key-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ request_hash: 'h1', status_code: 201, response: { id: 'first' } });
    expect(rows[0].expires_at.getTime()).toBe(now.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR);
  });

  it('an expired key is a new request: its row is overwritten with the new hash, an empty answer and a new expiry', async () => {
    const now = new Date('2026-03-02T03:00:00Z');
    expect(await claim('expiring-key-1', 'old', now)).toBeUndefined();
    await answer('expiring-key-1', { id: 'old' });
    const later = new Date(now.getTime() + (IDEMPOTENCY_TTL_HOURS + 1) * HOUR);
    // Another body is no refusal once the key has expired: nothing is left to compare it with.
    expect(await claim('expiring-key-1', 'new', later)).toBeUndefined();
    const rows = await keyRow(t.db, accountId, 'expiring-key-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ request_hash: 'new', status_code: 0, response: {} });
    expect(rows[0].expires_at.getTime()).toBe(later.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR);
  });

  it('a key claimed in a transaction that rolls back is free again', async () => {
    const now = new Date('2026-03-02T03:00:00Z');
    await expect(
      t.db.transaction().execute(async (trx) => {
        expect(await claimKey(trx, accountId, SCOPE, 'rolled-key-1', 'h', now)).toBeUndefined();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await keyRow(t.db, accountId, 'rolled-key-1')).toEqual([]);
    expect(await claim('rolled-key-1', 'h', now)).toBeUndefined();
  });
});

describeWithPg('claimKey under concurrency (PostgreSQL)', () => {
  let t: TestDb;
  let other: DbHandle;
  let accountId: string;
  beforeAll(async () => {
    t = await createPgDatabase();
    other = await connect({ databaseUrl: t.url, poolSize: 4 });
    accountId = (await createTestTenant(t.db, 'idemc', '000.00.00.H43', '000.43.01.H43')).official.id;
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  /** Claims, holds the transaction open a little, stores an answer (or rolls back) and tells what it got. */
  const attempt = (db: Db, key: string, now: Date, label: string, fail = false) =>
    db.transaction().execute(async (trx) => {
      const replay = await claimKey(trx, accountId, SCOPE, key, 'same', now);
      if (replay) return `replay of ${(replay.body as { by: string }).by}`;
      await new Promise((r) => setTimeout(r, 30));
      if (fail) throw new Error('rolled back');
      await storeAnswer(trx, accountId, SCOPE, key, { statusCode: 201, body: { by: label } });
      return `took it (${label})`;
    });

  it.each([
    ['a fresh key', false],
    ['an expired key', true],
  ])('two transactions racing for %s: one takes it, the other waits and replays its answer', async (_name, expired) => {
    const key = `race-${expired ? 'expired' : 'fresh'}-1`;
    const now = new Date('2026-03-02T03:00:00Z');
    if (expired) {
      await t.db.transaction().execute((trx) => claimKey(trx, accountId, SCOPE, key, 'same', new Date(now.getTime() - (IDEMPOTENCY_TTL_HOURS + 1) * HOUR)));
      await t.db.transaction().execute((trx) => storeAnswer(trx, accountId, SCOPE, key, { statusCode: 201, body: { by: 'long ago' } }));
    }
    const results = await Promise.all([attempt(t.db, key, now, 'a'), attempt(other.db, key, now, 'b')]);
    const taker = results.find((r) => r.startsWith('took it'));
    expect(taker).toBeDefined();
    const label = /\((.)\)/.exec(taker!)![1];
    expect(results.filter((r) => r === `replay of ${label}`)).toHaveLength(1);
    expect(await keyRow(t.db, accountId, key)).toHaveLength(1);
  });

  it('when the first of two racing transactions rolls back, the second takes the key itself', async () => {
    const key = 'race-rollback-1';
    const now = new Date('2026-03-02T03:00:00Z');
    const first = attempt(t.db, key, now, 'a', true);
    await new Promise((r) => setTimeout(r, 10));
    const second = attempt(other.db, key, now, 'b');
    await expect(first).rejects.toThrow('rolled back');
    expect(await second).toBe('took it (b)');
    expect((await keyRow(t.db, accountId, key))[0]).toMatchObject({ status_code: 201, response: { by: 'b' } });
  });
});
