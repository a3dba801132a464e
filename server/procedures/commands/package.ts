/**
 * A whole service as one JSON package, to copy it to another unit or province. The package
 * carries no unit ids: receiving units are chosen on import, and candidate group names can
 * be mapped (a department's `chuyen-vien-tu-phap` becomes another's `chuyen-vien`).
 */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { SERVICE_PACKAGE_FORMAT, type ServicePackage } from '../../../schemas/service.js';
import { errors } from '../../errors.js';
import { assertDesigner } from '../policies.js';
import { getServiceForDesigner, getVersion } from '../queries.js';
import { createServiceIn } from './create.js';
import { assertDiagram, assertFormStructure } from './edit.js';

const GROUP_ATTR = /(camunda:candidateGroups=")([^"]*)(")/g;

export function groupsOf(xml: string | null): string[] {
  if (!xml) return [];
  const names = new Set<string>();
  for (const m of xml.matchAll(GROUP_ATTR)) m[2].split(',').map((s) => s.trim()).filter(Boolean).forEach((g) => names.add(g));
  return [...names].sort();
}

export function mapGroups(xml: string, map: Record<string, string>): string {
  return xml.replace(GROUP_ATTR, (_all, open: string, value: string, close: string) =>
    open + value.split(',').map((g) => map[g.trim()] ?? g.trim()).join(',') + close);
}

export async function exportService(db: Db, ctx: RequestContext, id: string, versionNumber?: number): Promise<ServicePackage> {
  const actor = ctx.actor;
  assertDesigner(actor);
  const service = await getServiceForDesigner(db, actor, id);
  const source = versionNumber ? await getVersion(db, actor.tenantId, id, versionNumber) : service;
  const unit = await db.selectFrom('units').select('agency_code').where('id', '=', service.unit_id).executeTakeFirstOrThrow();
  const { receivingUnitIds: _units, ...metadata } = source.metadata;
  const notes = [...service.notes];
  const components = source.components.map((c, i) => {
    if (!c.templateFileId) return c;
    notes.push({ where: `components[${i}].templateFileId`, text: `Upload the template file of "${c.name}" again: files do not travel in a package.` });
    return { ...c, templateFileId: null };
  });
  return {
    format: SERVICE_PACKAGE_FORMAT,
    exportedAt: new Date().toISOString(),
    source: { agencyCode: unit.agency_code, serviceId: service.id, version: versionNumber ?? null },
    metadata,
    components,
    form: source.form as ServicePackage['form'],
    stepForms: source.step_forms as ServicePackage['stepForms'],
    bpmnXml: source.bpmn_xml,
    groups: groupsOf(source.bpmn_xml),
    notes,
  };
}

export async function importService(db: Db, ctx: RequestContext, input: { package: ServicePackage; unitId?: string; receivingUnitIds?: string[]; groupMap?: Record<string, string> }) {
  assertDesigner(ctx.actor);
  const pkg = input.package;
  const unknown = Object.keys(input.groupMap ?? {}).filter((g) => !pkg.groups.includes(g));
  if (unknown.length) throw errors.validation(unknown.map((g) => ({ path: `/groupMap/${g}`, message: 'the package has no such group', code: 'package.group_unknown' })));
  // A package is checked as the studio's own steps check each part: nothing malformed is stored.
  if (pkg.form) assertFormStructure(pkg.form, 'package.form');
  for (const [key, form] of Object.entries(pkg.stepForms)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(key)) throw errors.field(`/package/stepForms/${key}`, 'package.step_form_key_invalid', 'a step form key must start with a letter or digit and hold only letters, digits, _ . and -');
    assertFormStructure(form, `package.stepForms.${key}`);
  }
  if (pkg.bpmnXml) await assertDiagram(pkg.bpmnXml, '/package/bpmnXml');
  return db.transaction().execute((trx) =>
    createServiceIn(trx, ctx, {
      unitId: input.unitId,
      metadata: { ...pkg.metadata, ...(input.receivingUnitIds && { receivingUnitIds: input.receivingUnitIds }) },
      components: pkg.components,
      form: pkg.form,
      stepForms: pkg.stepForms,
      bpmnXml: pkg.bpmnXml ? mapGroups(pkg.bpmnXml, input.groupMap ?? {}) : null,
      useTemplate: false,
      notes: pkg.notes,
    }),
  );
}
