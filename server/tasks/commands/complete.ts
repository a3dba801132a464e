/**
 * An official completes a task: only its claimant or assignee, with a decision the step
 * offers and the step's own form valid; the process continues (statuses, next tasks) in the
 * same transaction. A second official completing the same task gets 409.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { RESERVED_COMPLETION_KEYS, type ProcessRuntime } from '../../../runtime/index.js';
import { writeAudit } from '../../audit/index.js';
import { errors, type FieldError } from '../../errors.js';
import { addHistory } from '../../dossiers/events.js';
import { PROCESS_FACTS } from '../../dossiers/process.js';
import { validateFormData } from '../../dossiers/validate.js';
import { officialScope } from '../policies.js';
import { lockVisibleTask } from './claims.js';

export interface CompleteInput {
  decision?: string;
  data?: Record<string, unknown>;
  comment?: string;
  rowVersion?: number;
}

/** The data the standard decisions carry (the result file is attached on its own). */
const DECISION_FIELDS = ['reason', 'missingComponents', 'postalDispatch'];

/** What the standard decisions need beside the decision itself. */
function decisionFields(decision: string | undefined, data: Record<string, unknown>, components: Array<{ id: string }>): FieldError[] {
  const fields: FieldError[] = [];
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if ((decision === 'request-supplement' || decision === 'refuse') && reason.length < 3) {
    fields.push({ path: '/data/reason', message: 'give the reason', code: 'validation.required' });
  }
  if (data.postalDispatch !== undefined && decision !== 'return-result') {
    fields.push({ path: '/data/postalDispatch', message: 'only the step that returns the result records a postal dispatch', code: 'task.field_not_for_decision' });
  }
  if (decision === 'request-supplement') {
    const missing = data.missingComponents;
    if (!Array.isArray(missing) || !missing.length) fields.push({ path: '/data/missingComponents', message: 'name the missing or wrong components', code: 'validation.required' });
    else missing.forEach((m, i) => {
      if (!components.some((c) => c.id === m)) fields.push({ path: `/data/missingComponents/${i}`, message: 'the service has no such component', code: 'component.unknown' });
    });
  }
  return fields;
}

export async function completeTask(db: Db, runtime: ProcessRuntime, ctx: RequestContext, id: string, input: CompleteInput) {
  // Through the runtime: the process's engine stays live for the next step once this commits.
  return runtime.transaction(db, async (trx) => {
    const scope = await officialScope(trx, ctx.actor);
    const task = await lockVisibleTask(trx, scope, id);
    if (task.status !== 'open') throw errors.conflict(task.status === 'completed' ? 'task.already_completed' : 'task.not_open', `The task is ${task.status}`);
    if (task.assignee !== scope.username) throw errors.conflict('task.not_claimed', 'Claim the task before completing it');
    if (input.rowVersion !== undefined && input.rowVersion !== task.row_version) throw errors.conflict('task.version_conflict', 'The task changed since you read it: reload it');
    const offered = task.decisions.map((d) => d.key);
    if (input.decision !== undefined && !offered.includes(input.decision)) {
      throw errors.field('/decision', 'task.decision_not_offered', `this step offers ${offered.join(', ') || 'no decision'}`);
    }
    if (input.decision === undefined && offered.length) throw errors.field('/decision', 'task.decision_required', `choose one of ${offered.join(', ')}`);

    const dossier = task.business_key ? await trx.selectFrom('dossiers').selectAll().where('id', '=', task.business_key).where('tenant_id', '=', task.tenant_id).forUpdate().executeTakeFirst() : undefined;
    const version = dossier ? await trx.selectFrom('service_versions').select(['step_forms', 'components']).where('id', '=', dossier.version_id).executeTakeFirstOrThrow() : undefined;
    const form = task.form_key && version ? (version.step_forms[task.form_key] as { components?: unknown[] } | undefined) : undefined;
    const raw = input.data ?? {};
    const guarded = await protectedVariables(trx, task.instance_id);
    const reserved = (key: string): FieldError => ({ path: `/data/${key}`, message: "a completion may not change this process variable (the dossier, the applicant, the citizen's form or a system value)", code: 'task.reserved_field' });
    const fields: FieldError[] = [];
    let data: Record<string, unknown>;
    if (form) {
      const checked = validateFormData(form, raw);
      fields.push(...checked.errors);
      data = { ...checked.data, ...pick(raw, DECISION_FIELDS) };
    } else {
      // Without a step form the data carries what the decisions need and nothing else: it
      // becomes process variables, which the gateways and candidate groups read.
      for (const key of Object.keys(raw)) {
        if (DECISION_FIELDS.includes(key)) continue;
        fields.push(guarded.has(key) ? reserved(key) : { path: `/data/${key}`, message: `this step has no form: the data may only carry ${DECISION_FIELDS.join(', ')}`, code: 'task.unknown_field' });
      }
      data = pick(raw, DECISION_FIELDS);
    }
    for (const key of Object.keys(data)) if (guarded.has(key)) fields.push(reserved(key));
    if (dossier && version) {
      fields.push(...decisionFields(input.decision, data, version.components));
      // A refused dossier returns its written refusal (rendered from the refusal): no file to attach.
      if (input.decision === 'return-result' && !dossier.result_file_id && dossier.outcome !== 'refused' && !data.postalDispatch) {
        fields.push({ path: '/data/resultFileId', message: 'attach the result file (or record the postal dispatch) first', code: 'task.result_missing' });
      }
    }
    if (fields.length) throw errors.validation(fields, 'The step is not complete');

    if (dossier && input.decision === 'refuse') {
      // Refused at reception it ends at status 3; refused later it goes on to return the
      // written refusal through statuses 9 and 10, and only this column tells the book. Set
      // before the step: the statuses it enters see it (a paid dossier refused is refunded).
      await trx.updateTable('dossiers').set({ outcome: 'refused', row_version: sql`row_version + 1` }).where('id', '=', dossier.id).where('tenant_id', '=', dossier.tenant_id).execute();
    }
    const step = await runtime.completeTask(trx, { tenantId: task.tenant_id, taskId: id, actor: scope.username, decision: input.decision, data, expectedVersion: task.row_version, instanceId: task.instance_id });
    if (dossier) {
      await addHistory(trx, ctx, dossier, {
        action: 'task.completed',
        at: runtime.clock(),
        note: input.comment ?? (typeof data.reason === 'string' ? data.reason : null),
        details: { taskId: id, step: task.element_name ?? task.element_id, decision: input.decision ?? null, ...pick(data, ['reason', 'missingComponents', 'postalDispatch']) },
      });
    }
    const dispatch = data.postalDispatch as { carrier: string; trackingNumber: string; sentOn?: string } | undefined;
    if (dossier && input.decision === 'return-result' && dispatch) {
      // Its own line, so the citizen's history says where the result went.
      await addHistory(trx, ctx, dossier, {
        action: 'result.dispatched',
        at: runtime.clock(),
        note: `Đã gửi kết quả qua ${dispatch.carrier}, mã vận đơn ${dispatch.trackingNumber} (result sent by post)`,
        details: { carrier: dispatch.carrier, trackingNumber: dispatch.trackingNumber, sentOn: dispatch.sentOn ?? null, address: dossier.postal_address },
      });
    }
    await writeAudit(trx, ctx, { action: 'task.complete', entityType: 'task', entityId: id, details: { decision: input.decision ?? null, dossierId: task.business_key } });
    return step;
  });
}

/**
 * Process variables a completion may not set: the reserved names, and every variable the
 * process got otherwise than from an earlier completion (at its start: the dossier, the
 * applicant, the citizen's form data; from connectors and messages: payment, result, sync).
 * Values an earlier step's form or decision gave may be given again (a step done twice).
 */
async function protectedVariables(trx: Trx, instanceId: string): Promise<Set<string>> {
  // The variables and what the earlier completions gave, in one read.
  const instance = await trx
    .selectFrom('process_instances as i')
    .select([
      'i.variables',
      sql<Array<Record<string, unknown>>>`(select coalesce(jsonb_agg(t.data), '[]'::jsonb) from tasks t where t.instance_id = i.id and t.status = 'completed' and t.data is not null)`.as('completed'),
    ])
    .where('i.id', '=', instanceId)
    .executeTakeFirst();
  const given = new Set((instance?.completed ?? []).flatMap((data) => Object.keys(data ?? {})));
  const guarded = new Set<string>([...PROCESS_FACTS, ...RESERVED_COMPLETION_KEYS]);
  for (const key of Object.keys(instance?.variables ?? {})) if (!given.has(key)) guarded.add(key);
  return guarded;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
