/**
 * Notifications go through an outbox row written in the caller's transaction; a provider
 * delivers them after commit (`deliverNotifications`). The local provider (demo, tests) only
 * marks them sent, so the outbox is the record of what would have been sent.
 */
import type { Trx } from '../../db/connect.js';

export { deliverNotifications, type DeliverOptions, type DeliveryOutcome } from './deliver.js';
export {
  NotificationRegistry,
  PermanentDeliveryError,
  createLogProvider,
  createNotificationRegistry,
  localProvider,
  type LogLine,
  type NotificationChannel,
  type NotificationProvider,
  type OutgoingNotification,
} from './providers.js';
export { createSmtpProvider, type SmtpOptions } from './smtp.js';

export interface NotificationInput {
  tenantId?: string | null;
  accountId?: string | null;
  channel: 'email' | 'sms';
  destination: string;
  template: string;
  subject: string;
  body: string;
  payload?: Record<string, unknown>;
  /** Not before this time (a reminder); default: as soon as the transaction commits. */
  sendAfter?: Date;
}

export async function queueNotification(trx: Trx, n: NotificationInput): Promise<string> {
  const row = await trx
    .insertInto('notification_outbox')
    .values({
      tenant_id: n.tenantId ?? null,
      account_id: n.accountId ?? null,
      channel: n.channel,
      destination: n.destination,
      template: n.template,
      subject: n.subject,
      body: n.body,
      payload: JSON.stringify(n.payload ?? {}),
      last_error: null,
      ...(n.sendAfter && { next_attempt_at: n.sendAfter }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Hides most of an address for display: `n***@example.vn`, `*******789`. */
export function maskDestination(channel: 'email' | 'sms', destination: string): string {
  if (channel === 'email') {
    const [user, domain] = destination.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return `${'*'.repeat(Math.max(0, destination.length - 3))}${destination.slice(-3)}`;
}
