/**
 * The SMTP provider against a real SMTP server (the `smtp-server` package) listening on
 * 127.0.0.1: what arrives is decoded from the raw message, so an encoding fault shows.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import {
  NotificationRegistry,
  createSmtpProvider,
  deliverNotifications,
  queueNotification,
  type NotificationProvider,
} from '../../../server/integrations/notifications/index.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`) to text. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
    expect(charset.toLowerCase()).toBe('utf-8');
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return decodeQp(text.replace(/_/g, ' '));
  });
}

function decodeQp(text: string): string {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Headers (unfolded, lower-case names) and the decoded text body of a single-part message. */
function parseMessage(raw: Buffer) {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of text.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const bodyRaw = text.slice(split + 4);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const bodyBytes = Buffer.from(bodyRaw, 'latin1');
  const body =
    encoding === 'base64' ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable' ? decodeQp(bodyRaw)
    : bodyBytes.toString('utf8');
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), body: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

describe('SMTP provider', () => {
  let t: TestDb;
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];
  let provider: NotificationProvider;
  let registry: NotificationRegistry;

  beforeAll(async () => {
    t = await createTestDb();
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('khong-ton-tai@')) {
          return callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        }
        if (address.address.startsWith('ban@')) {
          return callback(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
    provider = createSmtpProvider({ host: '127.0.0.1', port, from: '"Cổng dịch vụ công" <no-reply@dichvucong.example.vn>', timeoutMs: 5000 });
    registry = new NotificationRegistry().register('smtp', provider).route('email', 'smtp');
  });
  afterAll(async () => {
    await provider.close?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const queue = (destination: string, subject: string, body: string) =>
    t.db.transaction().execute((trx) => queueNotification(trx, { channel: 'email', destination, template: 'dossier.status', subject, body }));
  const row = (id: string) => t.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('delivers recipient, subject and Vietnamese body intact (UTF-8)', async () => {
    const subject = 'Hồ sơ 000.00.12.H29-251103-0007: đã có kết quả giải quyết';
    const body = [
      'Kính gửi ông Nguyễn Văn Ấn,',
      '',
      'Hồ sơ "Đăng ký khai sinh" của ông đã được xử lý xong. Ông vui lòng đến Bộ phận Một cửa',
      'UBND xã Phước Hưng để nhận kết quả, hoặc tải về tại Cổng dịch vụ công. Trân trọng cảm ơn!',
      'Dòng rất dài để kiểm tra việc ngắt dòng: ' + 'ữượựỳỷỹđĐ'.repeat(12),
    ].join('\n');
    const id = await queue('an.nguyen@example.vn', subject, body);
    const out = await deliverNotifications(t.db, { registry, now: new Date() });
    expect(out.map((o) => o.outcome)).toEqual(['sent']);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.to).toEqual(['an.nguyen@example.vn']);
    expect(mail.from).toBe('no-reply@dichvucong.example.vn');
    const parsed = parseMessage(mail.raw);
    expect(parsed.headers.get('to')).toBe('an.nguyen@example.vn');
    expect(parsed.headers.get('content-type')).toMatch(/charset=utf-8/i);
    expect(parsed.headers.get('message-id')).toBe(`<${id}@notifications.local>`);
    expect(parsed.subject.normalize('NFC')).toBe(subject);
    expect(parsed.body.normalize('NFC')).toBe(body);
    expect(decodeWords(parsed.headers.get('from') ?? '')).toBe('Cổng dịch vụ công <no-reply@dichvucong.example.vn>');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('fails at once when the server refuses the mailbox (5xx)', async () => {
    const id = await queue('khong-ton-tai@example.vn', 'Thông báo', 'Nội dung');
    expect((await deliverNotifications(t.db, { registry, now: new Date() })).map((o) => o.outcome)).toEqual(['failed']);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await row(id)).last_error).toMatch(/Mailbox does not exist/);
    expect(received).toHaveLength(0);
  });

  it('retries later when the server defers (4xx)', async () => {
    const id = await queue('ban@example.vn', 'Thông báo', 'Nội dung');
    const now = new Date();
    expect((await deliverNotifications(t.db, { registry, now, backoffSeconds: 60 })).map((o) => o.outcome)).toEqual(['retry']);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: new Date(now.getTime() + 60_000) });
  });

  it('retries when no server answers', async () => {
    const closed = createSmtpProvider({ host: '127.0.0.1', port: 1, from: 'no-reply@example.vn', timeoutMs: 2000 });
    const id = await queue('an@example.vn', 'Thông báo', 'Nội dung');
    const out = await deliverNotifications(t.db, { registry: new NotificationRegistry().register('smtp', closed).route('email', 'smtp'), now: new Date() });
    expect(out.map((o) => o.outcome)).toEqual(['retry']);
    expect((await row(id)).last_error).toMatch(/ECONNREFUSED/);
    await closed.close?.();
  });
});
