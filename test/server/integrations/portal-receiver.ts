/**
 * A stand-in for the national portal: an HTTP server on 127.0.0.1 that applies records
 * idempotently, as the real one must. It keeps every request, the deduplicated view (each
 * idempotency key once, in first-arrival order), and what would betray the sender: a record
 * of a dossier arriving before the previous one of that dossier was acknowledged, or a gap.
 *
 * Counting duplicates: a request whose key was already applied is a duplicate (dropped, and
 * acknowledged). A duplicate is legitimate only when an earlier copy was applied but its
 * answer was lost (we hung up, or never answered). So the sender is correct when
 * `duplicates` equals `lostAcks`: every repeat is explained by a lost answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalRecord } from '../../../server/integrations/portal/index.js';

/** What the receiver does with one request. */
export type Behaviour =
  | 'accept'
  /** 500 without applying the record. */
  | 'error'
  /** Applies the record, then destroys the socket: the sender sees a hang-up. */
  | 'apply-then-hang-up'
  /** Applies the record and never answers: the sender times out. */
  | 'apply-then-silence';

export interface Receiver {
  url: string;
  requests: number;
  applied: PortalRecord[];
  duplicates: number;
  lostAcks: number;
  violations: string[];
  close(): Promise<void>;
}

export async function startReceiver(behave: (requestNo: number, record: PortalRecord) => Behaviour, delayMs: () => number = () => 0): Promise<Receiver> {
  const keys = new Set<string>();
  const acked = new Set<string>();
  const lastSequence = new Map<string, number>();
  const state = { requests: 0, duplicates: 0, lostAcks: 0 };
  const applied: PortalRecord[] = [];
  const violations: string[] = [];

  const apply = (record: PortalRecord, header: string | undefined) => {
    if (header !== record.idempotencyKey) violations.push(`header key ${header} differs from body key ${record.idempotencyKey}`);
    if (record.idempotencyKey !== `${record.dossierId}:${record.sequence}`) violations.push(`unexpected key ${record.idempotencyKey}`);
    if (record.sequence > 1 && !acked.has(`${record.dossierId}:${record.sequence - 1}`)) {
      violations.push(`${record.idempotencyKey} arrived before ${record.dossierId}:${record.sequence - 1} was acknowledged`);
    }
    if (keys.has(record.idempotencyKey)) {
      state.duplicates++;
      return;
    }
    const expected = (lastSequence.get(record.dossierId) ?? 0) + 1;
    if (record.sequence !== expected) violations.push(`${record.idempotencyKey} applied when ${expected} was expected`);
    keys.add(record.idempotencyKey);
    lastSequence.set(record.dossierId, record.sequence);
    applied.push(record);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = ++state.requests;
      let record: PortalRecord;
      try {
        record = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PortalRecord;
      } catch {
        violations.push(`request ${n} is not JSON`);
        res.writeHead(400).end();
        return;
      }
      const behaviour = behave(n, record);
      const header = req.headers['idempotency-key'] as string | undefined;
      setTimeout(() => {
        if (behaviour === 'error') {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('Hệ thống đang bận');
          return;
        }
        apply(record, header);
        if (behaviour === 'apply-then-hang-up') {
          state.lostAcks++;
          req.socket.destroy();
          return;
        }
        if (behaviour === 'apply-then-silence') {
          state.lostAcks++;
          return;
        }
        acked.add(record.idempotencyKey);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      }, delayMs());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/dong-bo-ho-so`,
    get requests() {
      return state.requests;
    },
    get duplicates() {
      return state.duplicates;
    },
    get lostAcks() {
      return state.lostAcks;
    },
    applied,
    violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
