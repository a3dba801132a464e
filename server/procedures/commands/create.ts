import type { Db, Trx } from '../../db/connect.js';
import type { RequestContext, StaffActor } from '../../context.js';
import type { DossierComponent, ImportNote, ServiceMetadata } from '../../../schemas/service.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { assertDesigner, designerUnits } from '../policies.js';
import { standardProcessXml } from '../template.js';
import { hoursPerDay, tenantCalendar } from '../../calendar/index.js';

export const DEFAULT_METADATA: Omit<ServiceMetadata, 'name'> = {
  procedureCode: null,
  field: '',
  description: '',
  receivingUnitIds: [],
  onlineLevel: 'full',
  timeLimitDays: 0,
  timeLimitNote: '',
  fees: [],
  legalBasis: [],
  applicants: { kinds: ['citizen'], onBehalf: true, inPerson: true },
  result: '',
  resultChannels: ['online'],
};

export function templateFor(m: Pick<ServiceMetadata, 'timeLimitDays' | 'fees'>, hoursPerDay?: number): string {
  return standardProcessXml({ timeLimitDays: m.timeLimitDays, hoursPerDay, withPayment: m.fees.some((f) => f.amountVnd > 0 && f.dueAt === 'payment-step') });
}

/** The tenant's working hours per day, which a same-day template shares among its steps. */
export async function tenantHoursPerDay(db: Db | Trx, tenantId: string): Promise<number> {
  return hoursPerDay(await tenantCalendar(db, tenantId));
}

/** An empty procedure code means a local procedure, stored as null like an absent one. */
export const localCodeAsNull = (code: string | null | undefined): string | null => code || null;

/** Receiving units must be the owner unit or below it; field errors name each bad one. */
export async function assertReceivingUnits(trx: Db | Trx, actor: StaffActor, ownerUnitId: string, ids: string[], path = '/metadata/receivingUnitIds') {
  const allowed = await designerUnits(trx, { ...actor, unitId: ownerUnitId });
  const bad = ids.map((id, i) => (allowed.has(id) ? null : { path: `${path}/${i}`, message: 'is not the owner unit or a unit below it', code: 'service.receiving_unit_invalid' })).filter((x) => x !== null);
  if (bad.length) throw errors.validation(bad);
}

export interface NewService {
  unitId?: string;
  metadata: Partial<ServiceMetadata> & { name: string };
  components?: DossierComponent[];
  form?: Record<string, unknown> | null;
  stepForms?: Record<string, Record<string, unknown>>;
  /** The standard one-stop process (default), or a diagram of the designer's own. */
  bpmnXml?: string | null;
  useTemplate?: boolean;
  notes?: ImportNote[];
}

export async function createServiceIn(trx: Trx, ctx: RequestContext, input: NewService) {
  const actor = ctx.actor;
  assertDesigner(actor);
  const unitId = input.unitId ?? actor.unitId;
  if (!(await designerUnits(trx, actor)).has(unitId)) throw errors.notFound('unit');
  const metadata: ServiceMetadata = { ...DEFAULT_METADATA, ...input.metadata, procedureCode: localCodeAsNull(input.metadata.procedureCode) };
  if (!input.metadata.receivingUnitIds) metadata.receivingUnitIds = [unitId];
  await assertReceivingUnits(trx, actor, unitId, metadata.receivingUnitIds);
  const bpmnXml = input.bpmnXml ?? (input.useTemplate === false ? null : templateFor(metadata, await tenantHoursPerDay(trx, actor.tenantId)));
  const service = await trx
    .insertInto('services')
    .values({
      tenant_id: actor.tenantId,
      unit_id: unitId,
      metadata: JSON.stringify(metadata),
      components: JSON.stringify(input.components ?? []),
      form: JSON.stringify(input.form ?? null),
      step_forms: JSON.stringify(input.stepForms ?? {}),
      bpmn_xml: bpmnXml,
      notes: JSON.stringify(input.notes ?? []),
      current_version_id: null,
      created_by: actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, { action: 'service.create', entityType: 'service', entityId: service.id, details: { name: metadata.name, unitId } });
  return service;
}

export function createService(db: Db, ctx: RequestContext, input: NewService) {
  return db.transaction().execute((trx) => createServiceIn(trx, ctx, input));
}
