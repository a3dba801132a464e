/**
 * The dossier side of the standard connectors. A connector runs outside any transaction
 * (the job runner calls it, then continues the process), may be retried, and must not do
 * its effect twice: each one keys its effect on the job id.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { ConnectorCall, ConnectorRegistry } from '../../runtime/index.js';
import { queueNotification } from '../integrations/notifications/index.js';

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

export function registerDossierConnectors(registry: ConnectorRegistry, db: Db): void {
  registry.register('notify', notifyConnector(db));
}
