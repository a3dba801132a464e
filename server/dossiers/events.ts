/**
 * What happens when a dossier changes status: a history row, a message to the applicant
 * (through the notification outbox) and a record for the national portal, all in the
 * transaction of the change. When processing finishes the dossier is classed on time or
 * late, once.
 */
import type { Trx } from '../db/connect.js';
import type { Dossier } from '../db/database.js';
import type { RequestContext } from '../context.js';
import { queueNotification } from '../integrations/notifications/index.js';
import { listDossierPayments } from '../integrations/index.js';
import { formatVnd } from '../documents/index.js';
import { FINISHED_STATUSES, STATUS_NAMES } from './statuses.js';

export interface HistoryEntry {
  action: string;
  status?: number | null;
  note?: string | null;
  details?: Record<string, unknown>;
  /** When it happened, on the app's clock (never the machine's: tests and replays set it). */
  at: Date;
}

function actorColumns(ctx: RequestContext) {
  const a = ctx.actor;
  return {
    actor_id: a.kind === 'staff' || a.kind === 'citizen' ? a.id : null,
    actor_kind: a.kind === 'system' ? `system:${a.name}` : a.kind,
  };
}

export async function addHistory(trx: Trx, ctx: RequestContext, dossier: Pick<Dossier, 'id' | 'tenant_id'>, entry: HistoryEntry): Promise<void> {
  await trx
    .insertInto('dossier_history')
    .values({
      tenant_id: dossier.tenant_id,
      dossier_id: dossier.id,
      at: entry.at,
      action: entry.action,
      status: entry.status ?? null,
      note: entry.note ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ...actorColumns(ctx),
    })
    .execute();
}

/** Hooks the status change also feeds: the national portal outbox is plugged in here. */
export type StatusListener = (trx: Trx, dossier: Dossier, status: number, at: Date) => Promise<void>;
const listeners: StatusListener[] = [];
export function onStatusChange(listener: StatusListener): StatusListener {
  if (!listeners.includes(listener)) listeners.push(listener);
  return listener;
}

export async function changeStatus(trx: Trx, ctx: RequestContext, dossier: Dossier, status: number, entry: Omit<HistoryEntry, 'status' | 'at'> & { at?: Date } = { action: 'status' }): Promise<Dossier> {
  const at = entry.at ?? new Date();
  const finishing = FINISHED_STATUSES.has(status) && dossier.finished_at === null;
  const updated = await trx
    .updateTable('dossiers')
    .set({
      status: status as Dossier['status'],
      status_changed_at: at,
      updated_at: at,
      row_version: dossier.row_version + 1,
      // A dossier given a new date by an apology counts as late, whenever it finishes.
      ...(finishing && { finished_at: at, on_time: dossier.original_due_at === null && at <= dossier.due_at }),
      ...(status === 10 && { result_returned_at: at }),
    })
    .where('id', '=', dossier.id)
    .where('tenant_id', '=', dossier.tenant_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await addHistory(trx, ctx, dossier, { ...entry, status, at });
  await notifyApplicant(trx, updated, status, entry.note ?? null);
  await emitStatus(trx, updated, status, at);
  return updated;
}

/** Tells the listeners (the national portal outbox…) of a status the dossier reached. */
export async function emitStatus(trx: Trx, dossier: Dossier, status: number, at: Date): Promise<void> {
  for (const listener of listeners) await listener(trx, dossier, status, at);
}

const fmt = (d: Date) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

export async function notifyApplicant(trx: Trx, dossier: Dossier, status: number, note: string | null): Promise<void> {
  const channel = dossier.applicant.email ? 'email' : dossier.applicant.phone ? 'sms' : null;
  if (!channel) return;
  const name = STATUS_NAMES[status]?.vi ?? `Trạng thái ${status}`;
  const payment = status === 6 ? await pendingPayment(trx, dossier) : undefined;
  const lines = [
    `Hồ sơ ${dossier.code}: ${name}.`,
    status === 1 ? `Ngày hẹn trả kết quả: ${fmt(dossier.due_at)}.` : '',
    payment ? `Số tiền cần thanh toán: ${formatVnd(payment.amountVnd)}.` : '',
    payment?.payUrl ? `Thanh toán trực tuyến tại: ${payment.payUrl}` : '',
    note ? `Ghi chú: ${note}` : '',
  ].filter(Boolean);
  await queueNotification(trx, {
    tenantId: dossier.tenant_id,
    accountId: dossier.applicant_account_id,
    channel,
    destination: channel === 'email' ? dossier.applicant.email! : dossier.applicant.phone!,
    template: `dossier.status.${status}`,
    subject: `Hồ sơ ${dossier.code}: ${name}`,
    body: lines.join(' '),
    payload: { dossierId: dossier.id, code: dossier.code, status, ...(payment && { paymentId: payment.id, amountVnd: payment.amountVnd, payUrl: payment.payUrl }) },
  });
}

/** The payment the process asked for when it reached status 6 (the step created it, started, just before). */
async function pendingPayment(trx: Trx, dossier: Dossier): Promise<{ id: string; amountVnd: number; payUrl: string | null } | undefined> {
  const payments = await listDossierPayments(trx as never, dossier.tenant_id, dossier.id);
  const due = payments.filter((p) => p.purpose === 'payment-step' && p.status === 'pending').at(-1);
  return due && { id: due.id, amountVnd: due.amountVnd, payUrl: due.redirectUrl };
}
