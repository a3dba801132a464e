/**
 * The result of a dossier: the official attaches a PDF at the step that returns it; the
 * system signs it (PAdES) with the certificate of the official's unit, so its origin and
 * integrity can be checked; the citizen downloads the signed file. A unit without its own
 * certificate gets a self-signed demo one, never in production.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { Readable } from 'node:stream';
import type { Db, Trx } from '../db/connect.js';
import type { RequestContext, StaffActor } from '../context.js';
import type { FileStorage } from '../documents/storage.js';
import { saveFile } from '../documents/files.js';
import { createDemoCertificate, loadUnitSigningKey, openP12ForInstall, signPdf, storeUnitCertificate, type Keyring, type SigningKey } from '../documents/index.js';
import { writeAudit } from '../audit/index.js';
import { errors } from '../errors.js';
import { canViewTask, officialScope } from '../tasks/policies.js';
import { addHistory } from './events.js';

export async function unitSigner(db: Db | Trx, keyring: Keyring, unitId: string, allowDemo: boolean): Promise<{ key: SigningKey; subject: string }> {
  const found = await loadUnitSigningKey(db, keyring, unitId);
  if (found) return found;
  if (!allowDemo) throw errors.unprocessable('signing.no_certificate', "The unit has no signing certificate: an admin must upload the unit's PKCS#12 certificate");
  const unit = await db.selectFrom('units').select(['name', 'agency_code', 'tenant_id']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const cert = createDemoCertificate({ commonName: unit.name, organization: unit.name, unitCode: unit.agency_code });
  const { key } = openP12ForInstall(cert.p12, cert.passphrase, new Date());
  // Another request may have generated one meanwhile: the first stays, and both sign with it.
  await storeUnitCertificate(db, keyring, { unitId, tenantId: unit.tenant_id, key, installedBy: null, replace: false });
  return unitSigner(db, keyring, unitId, false);
}

async function readAll(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) throw errors.tooLarge(max);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const MAX_RESULT_BYTES = 20 * 1024 * 1024;

export async function attachResult(db: Db, storage: FileStorage, keyring: Keyring, ctx: RequestContext, taskId: string, part: MultipartFile, allowDemoCertificate: boolean, now: Date) {
  const scope = await officialScope(db, ctx.actor);
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).where('tenant_id', '=', scope.actor.tenantId).executeTakeFirst();
  // Like completing: a task they cannot see does not exist for them (404); one they can see but
  // do not hold is refused (403), so they know to claim it or ask for it.
  if (!task || !canViewTask(scope, task)) throw errors.notFound('task');
  if (task.assignee !== scope.username) throw errors.forbidden('task.not_assignee', 'Chỉ người đang giữ nhiệm vụ mới đính kèm được kết quả (only the task\'s assignee attaches its result)');
  if (task.status !== 'open') throw errors.conflict('task.not_open', `The task is ${task.status}`);
  if (!task.decisions.some((d) => d.key === 'return-result')) throw errors.conflict('task.no_result_step', 'This step does not return the result');
  const pdf = await readAll(part.file, MAX_RESULT_BYTES);
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw errors.field('/file', 'file.type_not_allowed', 'The result must be a PDF file');
  const actor = ctx.actor as StaffActor;
  const signer = await unitSigner(db, keyring, actor.unitId, allowDemoCertificate);
  const signed = await signPdf(pdf, signer.key, { reason: 'Kết quả giải quyết thủ tục hành chính', location: signer.subject, name: signer.subject });
  const { Readable: NodeReadable } = await import('node:stream');
  const file = await saveFile(db, storage, {
    tenantId: task.tenant_id,
    ownerId: actor.id,
    purpose: 'result',
    name: part.filename.replace(/\.pdf$/i, '') + '.signed.pdf',
    stream: NodeReadable.from(signed),
    maxBytes: MAX_RESULT_BYTES * 2,
    allowed: ['pdf'],
  });
  return db.transaction().execute(async (trx) => {
    const dossier = await trx.selectFrom('dossiers').selectAll().where('id', '=', task.business_key!).where('tenant_id', '=', task.tenant_id).forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('dossiers').set({ result_file_id: file.id, updated_at: now, row_version: dossier.row_version + 1 }).where('id', '=', dossier.id).execute();
    await trx.insertInto('dossier_files').values({ tenant_id: dossier.tenant_id, dossier_id: dossier.id, component_id: null, file_id: file.id, kind: 'result', superseded_at: null }).execute();
    await addHistory(trx, ctx, dossier, { action: 'result.attached', at: now, details: { fileId: file.id, sha256: file.sha256, signedBy: signer.subject } });
    await writeAudit(trx, ctx, { action: 'dossier.attach_result', entityType: 'dossier', entityId: dossier.id, details: { fileId: file.id } });
    return { fileId: file.id, sha256: file.sha256, size: Number(file.size), signedBy: signer.subject };
  });
}
