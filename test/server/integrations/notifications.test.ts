import { connect, type DbHandle } from '../../../server/db/connect.js';
import {
  NotificationRegistry,
  PermanentDeliveryError,
  createLogProvider,
  createNotificationRegistry,
  deliverNotifications,
  localProvider,
  queueNotification,
  type LogLine,
  type NotificationInput,
  type OutgoingNotification,
} from '../../../server/integrations/notifications/index.js';
import { createPgDatabase, createTestDb, describeWithPg, type TestDb } from '../../helpers/db.js';

const message = (i: number, over: Partial<NotificationInput> = {}): NotificationInput => ({
  channel: 'email',
  destination: `cong.dan${i}@example.vn`,
  template: 'dossier.status',
  subject: `Hồ sơ số ${i} đã được tiếp nhận`,
  body: `Kính gửi ông/bà, hồ sơ số ${i} đã được tiếp nhận.`,
  ...over,
});

/** A provider that records what it was given and fails as told. */
function recorder(fail: (m: OutgoingNotification) => Error | undefined = () => undefined) {
  const sent: OutgoingNotification[] = [];
  return {
    sent,
    provider: {
      channels: ['email', 'sms'] as const,
      async send(m: OutgoingNotification) {
        const err = fail(m);
        if (err) throw err;
        sent.push(m);
      },
    },
  };
}

describe('notification delivery', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.deleteFrom('notification_outbox').execute());

  const queue = (...inputs: NotificationInput[]) =>
    t.db.transaction().execute(async (trx) => Promise.all(inputs.map((n) => queueNotification(trx, n))));
  const row = (id: string) => t.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends queued rows through the local provider, marks them sent, and never sends them again', async () => {
    const ids = await queue(message(1), message(2, { channel: 'sms', destination: '0987654321' }));
    const now = new Date();
    const first = await deliverNotifications(t.db, { registry: createNotificationRegistry(), now });
    expect(first.map((o) => [o.id, o.outcome, o.provider]).sort()).toEqual(ids.map((id) => [id, 'sent', 'local']).sort());
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, sent_at: now, last_error: null });
    expect(await deliverNotifications(t.db, { registry: createNotificationRegistry(), now: new Date(now.getTime() + 86_400_000) })).toEqual([]);
  });

  it('never sees a notification whose transaction rolled back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await queueNotification(trx, message(3));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliverNotifications(t.db, { registry: createNotificationRegistry(), now: new Date() })).toEqual([]);
  });

  it("sends each row through the provider routed for its channel", async () => {
    const sms = recorder();
    const registry = new NotificationRegistry().register('local', localProvider).register('gateway', sms.provider).route('email', 'local').route('sms', 'gateway');
    const [, smsId] = await queue(message(4), message(5, { channel: 'sms', destination: '0912345678', body: 'Mã xác thực: 123456' }));
    const out = await deliverNotifications(t.db, { registry, now: new Date() });
    expect(out.map((o) => o.provider).sort()).toEqual(['gateway', 'local']);
    expect(sms.sent).toEqual([expect.objectContaining({ id: smsId, channel: 'sms', destination: '0912345678', body: 'Mã xác thực: 123456', attempt: 1 })]);
  });

  it('leaves rows of a channel with no provider routed alone', async () => {
    const registry = new NotificationRegistry().register('local', localProvider).route('email', 'local');
    const [emailId, smsId] = await queue(message(6), message(7, { channel: 'sms', destination: '0900000007' }));
    expect((await deliverNotifications(t.db, { registry, now: new Date() })).map((o) => o.id)).toEqual([emailId]);
    expect(await row(smsId)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('retries with exponential backoff and gives up after the last attempt', async () => {
    const failing = recorder(() => new Error('connection refused'));
    const registry = new NotificationRegistry().register('flaky', failing.provider).route('email', 'flaky');
    const [id] = await queue(message(8));
    const t0 = new Date(Date.now() + 1000);
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const run = (s: number) => deliverNotifications(t.db, { registry, now: at(s), maxAttempts: 3, backoffSeconds: 30 });

    expect((await run(0)).map((o) => o.outcome)).toEqual(['retry']);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(30), last_error: 'connection refused' });
    expect(await run(29)).toEqual([]);
    expect((await run(30)).map((o) => o.outcome)).toEqual(['retry']);
    expect((await row(id)).next_attempt_at).toEqual(at(30 + 60));
    expect(await run(89)).toEqual([]);
    expect((await run(90)).map((o) => [o.outcome, o.attempt])).toEqual([['failed', 3]]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(await run(100_000)).toEqual([]);
  });

  it('sends once after failed tries: the retry that succeeds is the only delivery', async () => {
    let calls = 0;
    const flaky = recorder(() => (++calls < 3 ? new Error(`try ${calls} failed`) : undefined));
    const registry = new NotificationRegistry().register('flaky', flaky.provider).route('email', 'flaky');
    const [id] = await queue(message(9));
    const t0 = Date.now() + 1000;
    const outcomes = [];
    for (let s = 0; s <= 600; s += 10) outcomes.push(...(await deliverNotifications(t.db, { registry, now: new Date(t0 + s * 1000), backoffSeconds: 10 })));
    expect(outcomes.map((o) => o.outcome)).toEqual(['retry', 'retry', 'sent']);
    expect(flaky.sent.map((m) => [m.id, m.attempt])).toEqual([[id, 3]]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('fails at once on a permanent refusal', async () => {
    const refusing = recorder(() => new PermanentDeliveryError('550 mailbox unavailable'));
    const registry = new NotificationRegistry().register('refusing', refusing.provider).route('email', 'refusing');
    const [id] = await queue(message(10));
    expect((await deliverNotifications(t.db, { registry, now: new Date() })).map((o) => o.outcome)).toEqual(['failed']);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 mailbox unavailable' });
  });

  it('waits for sendAfter', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const [id] = await queue(message(11, { sendAfter: later }));
    expect(await deliverNotifications(t.db, { registry: createNotificationRegistry(), now: new Date(later.getTime() - 1000) })).toEqual([]);
    expect((await deliverNotifications(t.db, { registry: createNotificationRegistry(), now: later })).map((o) => o.id)).toEqual([id]);
  });

  it('does not hand a row being sent to a second worker before its lease ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atProvider = new Promise<void>((resolve) => (reached = resolve));
    const slow = recorder();
    const registry = new NotificationRegistry()
      .register('slow', { channels: ['email'], send: async (m) => { reached(); await gate; await slow.provider.send(m); } })
      .route('email', 'slow');
    const [id] = await queue(message(12));
    const now = new Date();
    const first = deliverNotifications(t.db, { registry, now, leaseSeconds: 60 });
    // The first worker has claimed the row (its lease is committed) and is at the provider,
    // however long a loaded machine took to get it there.
    await atProvider;
    expect((await row(id)).attempts).toBe(1);
    expect(await deliverNotifications(t.db, { registry: createNotificationRegistry(), now: new Date(now.getTime() + 59_000) })).toEqual([]);
    release();
    expect((await first).map((o) => o.outcome)).toEqual(['sent']);
    expect(slow.sent).toHaveLength(1);
  });

  it('keeps the limit', async () => {
    await queue(...Array.from({ length: 7 }, (_, i) => message(100 + i)));
    const registry = createNotificationRegistry();
    expect(await deliverNotifications(t.db, { registry, now: new Date(), limit: 3, concurrency: 2 })).toHaveLength(3);
    expect(await deliverNotifications(t.db, { registry, now: new Date(), limit: 10 })).toHaveLength(4);
  });
});

describe('notification registry', () => {
  it('refuses a second provider under the same name', () => {
    const registry = createNotificationRegistry();
    expect(() => registry.register('local', localProvider)).toThrow('already registered');
  });

  it('refuses to route a channel to a provider that cannot send it', () => {
    const registry = new NotificationRegistry().register('sms-log', createLogProvider(() => {}));
    expect(() => registry.route('email', 'sms-log')).toThrow('cannot send email');
    expect(() => registry.route('sms', 'missing')).toThrow('No notification provider named "missing"');
  });

  it('the log provider logs a masked number and no message text', async () => {
    const lines: LogLine[] = [];
    await createLogProvider((l) => lines.push(l)).send({
      id: 'n1', tenantId: null, channel: 'sms', destination: '0987654321', template: 'otp', subject: '', body: 'Mã xác thực: 654321', payload: {}, attempt: 1,
    });
    expect(lines).toEqual([{ notificationId: 'n1', channel: 'sms', to: '*******321', template: 'otp', bodyLength: 19 }]);
    expect(JSON.stringify(lines)).not.toContain('654321');
  });
});

describeWithPg('notification delivery across server processes (PostgreSQL)', () => {
  let t: TestDb;
  let other: DbHandle;
  beforeAll(async () => {
    t = await createPgDatabase();
    other = await connect({ databaseUrl: t.url, poolSize: 4 });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('two workers on two pools send every row exactly once', async () => {
    const ids = await t.db.transaction().execute(async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 60; i++) out.push(await queueNotification(trx, message(i)));
      return out;
    });
    const a = recorder();
    const b = recorder();
    const slowly = (r: ReturnType<typeof recorder>) => ({
      channels: ['email'] as const,
      send: async (m: OutgoingNotification) => {
        await new Promise((res) => setTimeout(res, Math.random() * 5));
        await r.provider.send(m);
      },
    });
    const registryA = new NotificationRegistry().register('a', slowly(a)).route('email', 'a');
    const registryB = new NotificationRegistry().register('b', slowly(b)).route('email', 'b');
    const work = async (db: DbHandle['db'], registry: NotificationRegistry) => {
      for (let round = 0; round < 100; round++) {
        if ((await deliverNotifications(db, { registry, now: new Date(), limit: 5, concurrency: 3 })).length === 0) return;
      }
    };
    await Promise.all([work(t.db, registryA), work(other.db, registryB), work(t.db, registryA), work(other.db, registryB)]);
    const sentIds = [...a.sent, ...b.sent].map((m) => m.id);
    expect(sentIds).toHaveLength(60);
    expect(new Set(sentIds)).toEqual(new Set(ids));
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent.length).toBeGreaterThan(0);
    const pending = await t.db.selectFrom('notification_outbox').select('id').where('status', '<>', 'sent').execute();
    expect(pending).toEqual([]);
  });
});
