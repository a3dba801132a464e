/**
 * A whole service as one JSON package, to copy it to another unit or province. The package
 * carries no unit ids: receiving units are chosen on import, and candidate group names can
 * be mapped (a department's `chuyen-vien-tu-phap` becomes another's `chuyen-vien`). File ids
 * do not travel either: each component's template file goes in the package itself (base64,
 * with its SHA-256) and is stored again on import.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import {
  PACKAGE_TEMPLATES_MAX_BYTES, SERVICE_PACKAGE_FORMAT, TEMPLATE_FILE_MAX_BYTES,
  type DossierComponent, type PackageComponent, type ServicePackage,
} from '../../../schemas/service.js';
import { errors } from '../../errors.js';
import { saveFile } from '../../documents/files.js';
import type { FileStorage } from '../../documents/storage.js';
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

/** What a component's template file may be (by the bytes, not the name). */
export const TEMPLATE_FILE_TYPES = ['pdf', 'docx', 'doc', 'xlsx', 'xls'];

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const tooLargePackage = () =>
  errors.unprocessable('package.templates_too_large', `Các tệp mẫu vượt quá ${PACKAGE_TEMPLATES_MAX_BYTES / 1024 / 1024} MB cho một gói / The template files exceed ${PACKAGE_TEMPLATES_MAX_BYTES / 1024 / 1024} MB for one package`);

export async function exportService(db: Db, storage: FileStorage, ctx: RequestContext, id: string, versionNumber?: number): Promise<ServicePackage> {
  const actor = ctx.actor;
  assertDesigner(actor);
  const service = await getServiceForDesigner(db, actor, id);
  const source = versionNumber ? await getVersion(db, actor.tenantId, id, versionNumber) : service;
  const unit = await db.selectFrom('units').select('agency_code').where('id', '=', service.unit_id).executeTakeFirstOrThrow();
  const { receivingUnitIds: _units, ...metadata } = source.metadata;
  const notes = [...service.notes];
  const components: PackageComponent[] = [];
  let total = 0;
  for (const [i, c] of source.components.entries()) {
    if (!c.templateFileId) {
      components.push(c);
      continue;
    }
    const file = await db.selectFrom('files').selectAll().where('id', '=', c.templateFileId).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
    if (!file) {
      notes.push({ where: `components[${i}].templateFileId`, text: `Upload the template file of "${c.name}" again: it was not found when the package was made.` });
      components.push({ ...c, templateFileId: null });
      continue;
    }
    const bytes = await readAll(storage.open(file.storage_key));
    // Stored bytes that no longer match their checksum are damaged: do not pass them on.
    if (sha256(bytes) !== file.sha256) throw new Error(`template file ${file.id} does not match its SHA-256`);
    total += bytes.length;
    if (total > PACKAGE_TEMPLATES_MAX_BYTES) throw tooLargePackage();
    components.push({ ...c, templateFileId: null, template: { name: file.name, type: file.mime, size: bytes.length, sha256: file.sha256, base64: bytes.toString('base64') } });
  }
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

/** The template files of a package's components, decoded and checked against their SHA-256. */
function decodeTemplates(components: PackageComponent[]): Array<Buffer | null> {
  let total = 0;
  const out = components.map((c, i) => {
    if (!c.template) return null;
    const bytes = Buffer.from(c.template.base64, 'base64');
    if (bytes.length !== c.template.size || sha256(bytes) !== c.template.sha256) {
      throw errors.field(`/package/components/${i}/template/sha256`, 'package.template_checksum', 'Tệp mẫu không khớp mã SHA-256 của nó / the template file does not match its SHA-256: the package is damaged');
    }
    total += bytes.length;
    return bytes;
  });
  if (total > PACKAGE_TEMPLATES_MAX_BYTES) throw tooLargePackage();
  return out;
}

export async function importService(db: Db, storage: FileStorage, ctx: RequestContext, input: { package: ServicePackage; unitId?: string; receivingUnitIds?: string[]; groupMap?: Record<string, string> }) {
  const actor = ctx.actor;
  assertDesigner(actor);
  const pkg = input.package;
  const templates = decodeTemplates(pkg.components);
  const unknown = Object.keys(input.groupMap ?? {}).filter((g) => !pkg.groups.includes(g));
  if (unknown.length) throw errors.validation(unknown.map((g) => ({ path: `/groupMap/${g}`, message: 'the package has no such group', code: 'package.group_unknown' })));
  // A package is checked as the studio's own steps check each part: nothing malformed is stored.
  if (pkg.form) assertFormStructure(pkg.form, 'package.form');
  for (const [key, form] of Object.entries(pkg.stepForms)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(key)) throw errors.field(`/package/stepForms/${key}`, 'package.step_form_key_invalid', 'a step form key must start with a letter or digit and hold only letters, digits, _ . and -');
    assertFormStructure(form, `package.stepForms.${key}`);
  }
  if (pkg.bpmnXml) await assertDiagram(pkg.bpmnXml, '/package/bpmnXml');
  const stored: string[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      const components: DossierComponent[] = [];
      for (const [i, { template, ...c }] of pkg.components.entries()) {
        const bytes = templates[i];
        if (!template || !bytes) {
          components.push({ ...c, templateFileId: null });
          continue;
        }
        // Stored as an upload would be: the type is detected from the bytes again.
        const file = await saveFile(trx, storage, {
          tenantId: actor.tenantId, ownerId: actor.id, purpose: 'template', name: template.name, stream: Readable.from([bytes]),
          maxBytes: TEMPLATE_FILE_MAX_BYTES, allowed: TEMPLATE_FILE_TYPES,
        }).catch((err: unknown) => {
          const e = err as { code?: string; message?: string };
          if (e.code === 'file.type_not_allowed') throw errors.field(`/package/components/${i}/template`, e.code, e.message ?? 'type not allowed');
          throw err;
        });
        stored.push(file.storage_key);
        if (file.mime !== template.type) throw errors.field(`/package/components/${i}/template/type`, 'package.template_type_mismatch', `the template's bytes are ${file.mime}, not ${template.type}`);
        components.push({ ...c, templateFileId: file.id });
      }
      return createServiceIn(trx, ctx, {
        unitId: input.unitId,
        metadata: { ...pkg.metadata, ...(input.receivingUnitIds && { receivingUnitIds: input.receivingUnitIds }) },
        components,
        form: pkg.form,
        stepForms: pkg.stepForms,
        bpmnXml: pkg.bpmnXml ? mapGroups(pkg.bpmnXml, input.groupMap ?? {}) : null,
        useTemplate: false,
        notes: pkg.notes,
      });
    });
  } catch (err) {
    // The rows went with the rollback; the bytes would be left behind.
    await Promise.all(stored.map((key) => storage.remove(key)));
    throw err;
  }
}
