/**
 * The dossier side of the standard connectors. A connector runs outside any transaction
 * (the job runner calls it, then continues the process), may be retried, and must not do
 * its effect twice: each one keys its effect on the job id.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connect.js';
import type { ConnectorCall, ConnectorRegistry } from '../../runtime/index.js';
import { queueNotification } from '../integrations/notifications/index.js';
import { systemContext } from '../context.js';
import { addHistory, changeStatus } from './events.js';
import { queueDossierPortalRecord } from './portal.js';
import { FINAL_STATUSES, FINISHED_STATUSES, STATUS_NAMES } from './statuses.js';

/** `notify`: a message to the applicant; `subject` and `body` come from the task's inputs. */
export function notifyConnector(db: Db) {
  return async (call: ConnectorCall) => {
    if (!call.businessKey) return {};
    await db.transaction().execute(async (trx) => {
      const sent = await trx
        .selectFrom('notification_outbox')
        .select('id')
        .where(sql<boolean>`payload->>'jobId' = ${call.jobId}`)
        .executeTakeFirst();
      if (sent) return;
      const d = await trx.selectFrom('dossiers').selectAll().where('id', '=', call.businessKey!).where('tenant_id', '=', call.tenantId).executeTakeFirst();
      if (!d) return;
      const channel = d.applicant.email ? 'email' : d.applicant.phone ? 'sms' : null;
      if (!channel) return;
      const subject = String(call.input.subject ?? `Thông báo về hồ sơ ${d.code}`);
      const body = String(call.input.body ?? call.input.message ?? subject);
      await queueNotification(trx, {
        tenantId: d.tenant_id,
        accountId: d.applicant_account_id,
        channel,
        destination: channel === 'email' ? d.applicant.email! : d.applicant.phone!,
        template: String(call.input.template ?? 'dossier.notice'),
        subject,
        body,
        payload: { dossierId: d.id, code: d.code, jobId: call.jobId },
      });
    });
    return { variables: { notified: true } };
  };
}

/** A connector that needs the dossier fails (and is retried, then an incident): it is a design or data error. */
async function lockDossier(trx: Trx, call: ConnectorCall, connector: string) {
  if (!call.businessKey) throw new Error(`${connector}: the process runs for no dossier`);
  const d = await trx.selectFrom('dossiers').selectAll().where('id', '=', call.businessKey).where('tenant_id', '=', call.tenantId).forUpdate().executeTakeFirst();
  if (!d) throw new Error(`${connector}: dossier ${call.businessKey} not found`);
  return d;
}

/**
 * `issue-result`: the result attached to the dossier is issued. Processing is finished
 * (status 9: the applicant may download the signed result, the dossier is classed on time or
 * late) and, for a result returned online, the result counts as returned (status 10); a
 * result picked up at the counter or posted is returned later, at the desk. Without an
 * attached result the call fails, so the step is retried and then shown to admins.
 */
export function issueResultConnector(db: Db, clock: () => Date) {
  return async (call: ConnectorCall) =>
    db.transaction().execute(async (trx) => {
      let d = await lockDossier(trx, call, 'issue-result');
      const issued = await trx
        .selectFrom('dossier_history')
        .select('at')
        .where('dossier_id', '=', d.id)
        .where('action', '=', 'result.issued')
        .where(sql<boolean>`details->>'jobId' = ${call.jobId}`)
        .executeTakeFirst();
      const variables = (at: Date) => ({ resultIssued: true, resultFileId: d.result_file_id, resultIssuedAt: at.toISOString() });
      if (issued) return { variables: variables(issued.at) };
      if (FINAL_STATUSES.has(d.status) && d.status !== 10) {
        throw new Error(`issue-result: dossier ${d.code} is closed (${STATUS_NAMES[d.status]?.vi ?? d.status})`);
      }
      if (!d.result_file_id) throw new Error(`issue-result: dossier ${d.code} has no result file attached`);
      const at = clock();
      const ctx = systemContext('issue-result');
      const entry = { action: 'process', at, details: { elementId: call.elementId, connector: 'issue-result' } };
      await addHistory(trx, ctx, d, { action: 'result.issued', at, details: { fileId: d.result_file_id, jobId: call.jobId, elementId: call.elementId } });
      if (!FINISHED_STATUSES.has(d.status)) d = await changeStatus(trx, ctx, d, 9, entry);
      if (d.result_channel === 'online' && d.status !== 10) d = await changeStatus(trx, ctx, d, 10, entry);
      return { variables: variables(at) };
    });
}

/**
 * `portal-sync`: the dossier's record at its current status is queued again for the national
 * portal (the integrations outbox delivers it in order after commit), e.g. after a step that
 * changed its data without changing its status. The input `note` travels with the record.
 */
export function portalSyncConnector(db: Db, clock: () => Date) {
  return async (call: ConnectorCall) =>
    db.transaction().execute(async (trx) => {
      const d = await lockDossier(trx, call, 'portal-sync');
      const queued =
        (await trx
          .selectFrom('portal_outbox')
          .select(['id', 'sequence'])
          .where('dossier_id', '=', d.id)
          .where(sql<boolean>`payload->>'jobId' = ${call.jobId}`)
          .executeTakeFirst()) ??
        (await queueDossierPortalRecord(trx, d, d.status, clock(), {
          jobId: call.jobId,
          elementId: call.elementId,
          ...(call.input.note !== undefined && { note: String(call.input.note) }),
        }));
      return { variables: { portalSyncId: queued.id, portalSyncSequence: Number(queued.sequence) } };
    });
}

export function registerDossierConnectors(registry: ConnectorRegistry, db: Db, clock: () => Date = () => new Date()): void {
  registry.register('notify', notifyConnector(db));
  registry.register('issue-result', issueResultConnector(db, clock));
  registry.register('portal-sync', portalSyncConnector(db, clock));
}
