/**
 * The audit log: one append-only row per change (and per read of personal data where the
 * law asks for it), written in the SAME transaction as the change, so a change that rolls
 * back leaves no audit row and a committed change always has one.
 */
import type { Trx } from '../db/connect.js';
import type { RequestContext } from '../context.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  tenantId?: string | null;
  details?: Record<string, unknown>;
}

export async function writeAudit(trx: Trx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const a = ctx.actor;
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId ?? (a.kind === 'staff' ? a.tenantId : null),
      actor_id: a.kind === 'staff' || a.kind === 'citizen' ? a.id : null,
      actor_kind: a.kind === 'system' ? `system:${a.name}` : a.kind,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: ctx.ip ?? null,
      request_id: ctx.requestId ?? null,
    })
    .execute();
}
