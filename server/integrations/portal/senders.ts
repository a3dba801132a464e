/**
 * How a status record reaches the national portal. The HTTP sender posts JSON with an
 * idempotency key; the local sender (demo without a portal) accepts everything, leaving the
 * outbox as the record of what was synced. Other transports (a province's LGSP relay, a
 * signed SOAP call) register their own sender.
 */
import { Registry } from '../registry.js';

/** The body the portal receives. Dates are ISO 8601 in UTC. */
export interface PortalRecord {
  /** `<dossierId>:<sequence>`: the portal drops a record whose key it has already applied. */
  idempotencyKey: string;
  dossierId: string;
  dossierCode: string;
  procedureCode: string | null;
  agencyCode: string | null;
  status: number;
  sequence: number;
  changedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  data: Record<string, unknown>;
}

export interface PortalSendContext {
  tenantId: string;
  /** 1 on the first try. */
  attempt: number;
}

export interface PortalSender {
  /** Resolves when the portal acknowledged the record; throws otherwise (it is retried). */
  send(record: PortalRecord, ctx: PortalSendContext): Promise<void>;
}

export interface HttpSenderOptions {
  endpoint: string;
  /** Extra headers, e.g. the portal's access token. */
  headers?: Record<string, string>;
  /** Per request; an answer that does not come in time counts as a failure. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createHttpPortalSender(options: HttpSenderOptions): PortalSender {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(record) {
      let res: Response;
      try {
        res = await doFetch(options.endpoint, {
          method: 'POST',
          headers: {
            ...options.headers,
            'content-type': 'application/json; charset=utf-8',
            'idempotency-key': record.idempotencyKey,
          },
          body: JSON.stringify(record),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        // undici reports "fetch failed" and hides the reason (hang-up, refused) in the cause.
        const cause = (err as { cause?: { message?: string; code?: string } }).cause;
        const detail = cause ? `: ${cause.code ?? ''} ${cause.message ?? ''}`.trimEnd() : '';
        throw new Error(`${err instanceof Error ? err.message : String(err)}${detail}`, { cause: err });
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`The portal answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    },
  };
}

export const localPortalSender: PortalSender = {
  async send() {},
};

/** A registry with the local sender; configuration adds `http` (or another transport). */
export function createPortalRegistry(): Registry<PortalSender> {
  return new Registry<PortalSender>('portal sender').register('local', localPortalSender);
}
