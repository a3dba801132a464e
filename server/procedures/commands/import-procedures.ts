/**
 * Imports records shaped like the national procedure catalogue as drafts with steps 1 and 2
 * filled in and the standard process. What the catalogue says in free text (a component
 * "required when …", a fee "when …" or "per …") cannot become a rule by itself: it is kept
 * as a note for the designer: the component stays optional, and the fee is marked
 * `conditionPending` (not charged) until the designer writes its FEEL condition.
 */
import { IMPORT_NOTES, type Text } from '../check-messages.js';
import Type, { type Static } from 'typebox';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import type { DossierComponent, Fee, ImportNote, ServiceMetadata } from '../../../schemas/service.js';
import { foldVietnamese } from '../../catalog/fold.js';
import { assertDesigner, designerUnits } from '../policies.js';
import { createServiceIn } from './create.js';

export const CatalogueProcedure = Type.Object(
  {
    code: Type.Union([Type.String({ maxLength: 30 }), Type.Null()]),
    name: Type.String({ minLength: 3, maxLength: 500 }),
    field: Type.String({ maxLength: 200 }),
    level: Type.Union([Type.Literal('commune'), Type.Literal('district'), Type.Literal('province'), Type.Literal('ministry')]),
    implementingAgency: Type.Optional(Type.String({ maxLength: 300 })),
    onlineLevel: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
    timeLimit: Type.Object({ workingDays: Type.Number({ minimum: 0, maximum: 365 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    fees: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 300 }),
          amountVnd: Type.Integer({ minimum: 0 }),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          per: Type.Optional(Type.String({ maxLength: 100 })),
          when: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    subjects: Type.Array(Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('household')]), { maxItems: 3 }),
    components: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 500 }),
          required: Type.Boolean(),
          requiredWhen: Type.Optional(Type.String({ maxLength: 1000 })),
          originals: Type.Integer({ minimum: 0, maximum: 100 }),
          copies: Type.Integer({ minimum: 0, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    result: Type.String({ maxLength: 1000 }),
    legalBasis: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100 }),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type CatalogueProcedure = Static<typeof CatalogueProcedure>;

export const ImportProceduresBody = Type.Object(
  {
    about: Type.Optional(Type.String()),
    unitId: Type.Optional(Type.String({ format: 'uuid' })),
    procedures: Type.Array(CatalogueProcedure, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

function slug(text: string, taken: Set<string>): string {
  const base = foldVietnamese(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '') || 'thanh-phan';
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

const noteTexts = (text: Text) => ({ text: text.en, textVi: text.vi });

export function fromCatalogue(p: CatalogueProcedure, receivingUnitIds: string[]) {
  const notes: ImportNote[] = [];
  const componentIds = new Set<string>();
  const components: DossierComponent[] = p.components.map((c, i) => {
    if (c.requiredWhen) notes.push({ where: `components[${i}].condition`, ...noteTexts(IMPORT_NOTES.requiredWhen(c.name, c.requiredWhen)) });
    return {
      id: slug(c.name, componentIds),
      name: c.name,
      requirement: c.required ? 'required' : 'optional',
      originals: c.originals,
      copies: c.copies,
      fileTypes: ['pdf', 'jpg', 'png'],
      maxSizeMb: 10,
    };
  });
  const feeIds = new Set<string>();
  const fees: Fee[] = p.fees.map((f, i) => {
    if (f.when) notes.push({ where: `metadata.fees[${i}].condition`, ...noteTexts(IMPORT_NOTES.feeWhen(f.name, f.when)) });
    if (f.per) notes.push({ where: `metadata.fees[${i}].quantityField`, ...noteTexts(IMPORT_NOTES.feePer(f.name, f.per)) });
    return {
      id: slug(f.name, feeIds),
      name: f.name,
      amountVnd: f.amountVnd,
      dueAt: 'submission',
      // Charged only once the designer writes the condition (or marks it unconditional).
      ...(f.when && { conditionPending: true }),
      ...(f.note && { note: f.note }),
    };
  });
  const metadata: ServiceMetadata = {
    procedureCode: p.code && /^[0-9]+(\.[0-9]+){1,3}$/.test(p.code) ? p.code : null,
    name: p.name,
    field: p.field,
    description: p.notes ?? '',
    receivingUnitIds,
    onlineLevel: p.onlineLevel,
    timeLimitDays: p.timeLimit.workingDays,
    timeLimitNote: p.timeLimit.note ?? '',
    fees,
    legalBasis: p.legalBasis,
    applicants: { kinds: p.subjects.length ? [...new Set(p.subjects)] : ['citizen'], onBehalf: true, inPerson: true },
    result: p.result,
    resultChannels: p.onlineLevel === 'full' ? ['online', 'counter'] : ['counter'],
  };
  return { metadata, components, notes };
}

/** One draft per record, all in one transaction: a bad record leaves no half import. */
export async function importProcedures(db: Db, ctx: RequestContext, input: Static<typeof ImportProceduresBody>) {
  const actor = ctx.actor;
  assertDesigner(actor);
  return db.transaction().execute(async (trx) => {
    const ownerUnitId = input.unitId ?? actor.unitId;
    const scope = await designerUnits(trx, { ...actor, unitId: ownerUnitId });
    const units = await trx.selectFrom('units').select(['id', 'level', 'active']).where('tenant_id', '=', actor.tenantId).execute();
    const created = [];
    for (const p of input.procedures) {
      // A commune-level procedure is received by every commune below the owner unit.
      const receiving = p.level === 'commune'
        ? units.filter((u) => u.level === 'commune' && u.active && scope.has(u.id)).map((u) => u.id)
        : [ownerUnitId];
      const { metadata, components, notes } = fromCatalogue(p, receiving.length ? receiving : [ownerUnitId]);
      created.push(await createServiceIn(trx, ctx, { unitId: ownerUnitId, metadata, components, notes }));
    }
    return created;
  });
}
