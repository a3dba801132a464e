/**
 * Incidents: jobs that failed on every try, as Camunda shows them to its operators. The
 * instance waits where it was; an admin looks at the error, fixes the cause outside, and
 * retries, which gives the job a fresh set of tries at once.
 */
import { json, type AnyTrx, type IncidentRow, type RuntimeTrx } from '../db.js';
import type { ConnectorResult } from './connectors.js';
import { RuntimeError } from './errors.js';

export interface ListIncidentsInput {
  tenantId: string;
  /** Only unresolved ones (the default), or all. */
  open?: boolean;
  instanceId?: string;
  limit?: number;
}

export interface IncidentView {
  id: string;
  instanceId: string;
  jobId: string;
  elementId: string;
  connector: string | null;
  error: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export async function listIncidents(anyTrx: AnyTrx, input: ListIncidentsInput): Promise<IncidentView[]> {
  const trx = anyTrx as RuntimeTrx;
  let query = trx.selectFrom('process_incidents').selectAll().where('tenant_id', '=', input.tenantId);
  if (input.open !== false) query = query.where('resolved_at', 'is', null);
  if (input.instanceId) query = query.where('instance_id', '=', input.instanceId);
  const rows = await query.orderBy('created_at', 'desc').limit(input.limit ?? 100).execute();
  return rows.map(present);
}

export interface RetryIncidentInput {
  tenantId: string;
  incidentId: string;
  /** The admin's account id. */
  actor: string;
  now?: Date;
}

export async function retryIncident(anyTrx: AnyTrx, input: RetryIncidentInput): Promise<IncidentView> {
  const trx = anyTrx as RuntimeTrx;
  const now = input.now ?? new Date();
  const incident = await trx
    .selectFrom('process_incidents')
    .selectAll()
    .where('id', '=', input.incidentId)
    .where('tenant_id', '=', input.tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!incident) throw new RuntimeError('incident.not_found', 'No such incident', { incidentId: input.incidentId });
  if (incident.resolved_at) {
    throw new RuntimeError('incident.already_resolved', 'The incident is already resolved', { incidentId: incident.id });
  }
  const failed = await trx.selectFrom('process_jobs').select('payload').where('id', '=', incident.job_id).executeTakeFirst();
  // A BPMN error no boundary caught is kept on the job like any answer; a retry asks again.
  const { result, ...payload } = (failed?.payload ?? {}) as { result?: ConnectorResult };
  const keep = result && !result.bpmnError ? { ...payload, result } : payload;
  const job = await trx
    .updateTable('process_jobs')
    .set({ status: 'pending', attempts: 0, due_at: now, locked_until: null, locked_by: null, updated_at: now, payload: json(keep) })
    .where('id', '=', incident.job_id)
    .where('tenant_id', '=', input.tenantId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(job.numUpdatedRows) !== 1) {
    throw new RuntimeError('job.not_found', 'The incident\'s job is no longer waiting for a retry', { jobId: incident.job_id });
  }
  const resolved = await trx
    .updateTable('process_incidents')
    .set({ resolved_at: now, resolved_by: input.actor })
    .where('id', '=', incident.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return present(resolved);
}

function present(row: IncidentRow): IncidentView {
  return {
    id: row.id,
    instanceId: row.instance_id,
    jobId: row.job_id,
    elementId: row.element_id,
    connector: row.connector,
    error: row.error,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}
