/** The steps of the wizard, each a change of the draft (see draft.ts). */
import type { Db } from '../../db/connect.js';
import type { RequestContext, StaffActor } from '../../context.js';
import type { DossierComponent, Fee, ServiceMetadata } from '../../../schemas/service.js';
import { AppError, errors, type FieldError } from '../../errors.js';
import { DefinitionError, readDiagram } from '../../../runtime/engine/definitions.js';
import { analyzeForm } from '../form.js';
import { changeDraft } from './draft.js';
import { assertReceivingUnits, localCodeAsNull, templateFor, tenantHoursPerDay } from './create.js';

/** A fee is pending only while it has no condition: writing one (or saying false) settles it for good. */
function settlePending({ conditionPending, ...fee }: Fee): Fee {
  return conditionPending && !fee.condition ? { ...fee, conditionPending } : fee;
}

export function updateMetadata(db: Db, ctx: RequestContext, id: string, input: ServiceMetadata, rowVersion?: number) {
  const metadata: ServiceMetadata = { ...input, procedureCode: localCodeAsNull(input.procedureCode), fees: input.fees.map(settlePending) };
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.update_metadata',
    details: { name: metadata.name },
    async apply(service, trx) {
      await assertReceivingUnits(trx, ctx.actor as StaffActor, service.unit_id, metadata.receivingUnitIds);
      // A process still exactly the template follows the time limit and fees it was made from.
      const perDay = await tenantHoursPerDay(trx, service.tenant_id);
      const keepsTemplate = service.bpmn_xml !== null && service.bpmn_xml === templateFor(service.metadata, perDay);
      return {
        metadata: JSON.stringify(metadata),
        ...(keepsTemplate && { bpmn_xml: templateFor(metadata, perDay) }),
      };
    },
  });
}

export function setComponents(db: Db, ctx: RequestContext, id: string, components: DossierComponent[], rowVersion?: number) {
  const seen = new Map<string, number>();
  const dup: FieldError[] = [];
  components.forEach((c, i) => {
    if (seen.has(c.id)) dup.push({ path: `/components/${i}/id`, message: `id "${c.id}" is used twice`, code: 'component.id_duplicate' });
    seen.set(c.id, i);
  });
  if (dup.length) throw errors.validation(dup);
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.set_components',
    details: { count: components.length },
    async apply(service, trx) {
      // A template file must be one uploaded for this service.
      const fileIds = components.map((c) => c.templateFileId).filter((f): f is string => !!f);
      if (fileIds.length) {
        const found = await trx.selectFrom('files').select('id').where('tenant_id', '=', service.tenant_id).where('purpose', '=', 'template').where('id', 'in', fileIds).execute();
        const ok = new Set(found.map((f) => f.id));
        const bad = components.flatMap((c, i) => (c.templateFileId && !ok.has(c.templateFileId) ? [{ path: `/components/${i}/templateFileId`, message: 'no such template file', code: 'file.not_found' }] : []));
        if (bad.length) throw errors.validation(bad);
      }
      return { components: JSON.stringify(components) };
    },
  });
}

/** Structural problems (missing or duplicate keys) refuse the form; custom code waits for publish. */
export function assertFormStructure(form: Record<string, unknown>, prefix: string) {
  const { problems } = analyzeForm(form);
  if (problems.length) {
    throw errors.validation(problems.map((p) => ({ path: `${prefix}:${p.path}`, message: p.message, code: p.code })), 'The form is not valid');
  }
}

export function setForm(db: Db, ctx: RequestContext, id: string, form: Record<string, unknown>, rowVersion?: number) {
  assertFormStructure(form, 'form');
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.set_form',
    details: { fields: analyzeForm(form).fields.length },
    apply: () => ({ form: JSON.stringify(form) }),
  });
}

export function setStepForm(db: Db, ctx: RequestContext, id: string, key: string, form: Record<string, unknown> | null, rowVersion?: number) {
  if (form) assertFormStructure(form, `stepForms.${key}`);
  return changeDraft(db, ctx, id, rowVersion, {
    action: form ? 'service.set_step_form' : 'service.delete_step_form',
    details: { key },
    apply(service) {
      const stepForms = { ...service.step_forms };
      if (form) stepForms[key] = form;
      else if (!(key in stepForms)) throw errors.notFound('step_form');
      else delete stepForms[key];
      return { step_forms: JSON.stringify(stepForms) };
    },
  });
}

/** The diagram reads as BPMN (no DOCTYPE or entities, not too large); else 400 (413) naming `path`. */
export async function assertDiagram(bpmnXml: string, path: string) {
  try {
    await readDiagram(bpmnXml);
  } catch (err) {
    if (err instanceof DefinitionError) {
      const code = `process.${err.code.replace('definition.', '')}`;
      throw new AppError(err.code === 'definition.too_large' ? 413 : 400, code, err.message, [{ path, message: err.message, code }]);
    }
    throw err;
  }
}

/** Stores the diagram as drawn, once it reads as BPMN; whether it can run is the publish check's job. */
export async function setProcess(db: Db, ctx: RequestContext, id: string, bpmnXml: string, rowVersion?: number) {
  await assertDiagram(bpmnXml, '/bpmnXml');
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.set_process',
    details: { bytes: Buffer.byteLength(bpmnXml) },
    apply: () => ({ bpmn_xml: bpmnXml }),
  });
}

export function resetProcessToTemplate(db: Db, ctx: RequestContext, id: string, rowVersion?: number) {
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.reset_process',
    apply: async (service, trx) => ({ bpmn_xml: templateFor(service.metadata, await tenantHoursPerDay(trx, service.tenant_id)) }),
  });
}

export function setNotes(db: Db, ctx: RequestContext, id: string, notes: Array<{ where: string; text: string }>, rowVersion?: number) {
  return changeDraft(db, ctx, id, rowVersion, {
    action: 'service.set_notes',
    details: { count: notes.length },
    apply: () => ({ notes: JSON.stringify(notes) }),
  });
}
