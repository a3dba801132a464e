/**
 * An official completes a task: only its claimant or assignee, with a decision the step
 * offers and the step's own form valid; the process continues (statuses, next tasks) in the
 * same transaction. A second official completing the same task gets 409.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import type { ProcessRuntime } from '../../../runtime/index.js';
import { writeAudit } from '../../audit/index.js';
import { errors, type FieldError } from '../../errors.js';
import { addHistory } from '../../dossiers/events.js';
import { validateFormData } from '../../dossiers/validate.js';
import { officialScope } from '../policies.js';
import { lockVisibleTask } from './claims.js';

export interface CompleteInput {
  decision?: string;
  data?: Record<string, unknown>;
  comment?: string;
  rowVersion?: number;
}

/** What the standard decisions need beside the decision itself. */
function decisionFields(decision: string | undefined, data: Record<string, unknown>, components: Array<{ id: string }>): FieldError[] {
  const fields: FieldError[] = [];
  const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
  if ((decision === 'request-supplement' || decision === 'refuse') && reason.length < 3) {
    fields.push({ path: '/data/reason', message: 'give the reason', code: 'validation.required' });
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
    let data = input.data ?? {};
    const fields: FieldError[] = [];
    if (dossier) {
      const version = await trx.selectFrom('service_versions').select(['step_forms', 'components']).where('id', '=', dossier.version_id).executeTakeFirstOrThrow();
      if (task.form_key) {
        const form = version.step_forms[task.form_key];
        if (form) {
          const checked = validateFormData(form as { components?: unknown[] }, data);
          fields.push(...checked.errors);
          data = { ...checked.data, ...pick(data, ['reason', 'missingComponents']) };
        }
      }
      fields.push(...decisionFields(input.decision, data, version.components));
      // A refused dossier returns its written refusal (rendered from the refusal): no file to attach.
      if (input.decision === 'return-result' && !dossier.result_file_id && dossier.outcome !== 'refused' && !(typeof data.postalDispatch === 'object' && data.postalDispatch)) {
        fields.push({ path: '/data/resultFileId', message: 'attach the result file (or record the postal dispatch) first', code: 'task.result_missing' });
      }
    }
    if (fields.length) throw errors.validation(fields, 'The step is not complete');

    const step = await runtime.completeTask(trx, { tenantId: task.tenant_id, taskId: id, actor: scope.username, decision: input.decision, data, expectedVersion: task.row_version });
    if (dossier) {
      if (input.decision === 'refuse') {
        // Refused at reception it ends at status 3; refused later it goes on to return the
        // written refusal through statuses 9 and 10, and only this column tells the book.
        await trx.updateTable('dossiers').set({ outcome: 'refused', row_version: sql`row_version + 1` }).where('id', '=', dossier.id).where('tenant_id', '=', dossier.tenant_id).execute();
      }
      await addHistory(trx, ctx, dossier, {
        action: 'task.completed',
        note: input.comment ?? (typeof data.reason === 'string' ? data.reason : null),
        details: { taskId: id, step: task.element_name ?? task.element_id, decision: input.decision ?? null, ...pick(data, ['reason', 'missingComponents']) },
      });
    }
    await writeAudit(trx, ctx, { action: 'task.complete', entityType: 'task', entityId: id, details: { decision: input.decision ?? null, dossierId: task.business_key } });
    return step;
  });
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
