/**
 * One file for a dossier component: checked against the component's accepted types (by its
 * bytes) and size limit of the service's current version, streamed to storage.
 */
import type { Readable } from 'node:stream';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import type { FileStorage } from '../../documents/storage.js';
import { saveFile } from '../../documents/files.js';
import { errors } from '../../errors.js';
import { currentVersion } from '../service-version.js';
import { AUTHORIZATION_COMPONENT, AUTHORIZATION_RULES, maxBytesOf } from '../file-rules.js';

export { AUTHORIZATION_COMPONENT };

/** The file part of the upload, with the fields that came before it. */
export interface UploadPart {
  fields: Record<string, string>;
  filename: string;
  file: Readable;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function uploadAttachment(db: Db, storage: FileStorage, ctx: RequestContext, part: UploadPart) {
  const actor = ctx.actor;
  if (actor.kind !== 'citizen' && actor.kind !== 'staff') throw errors.unauthorized();
  const serviceId = part.fields.serviceId;
  const componentId = part.fields.componentId;
  if (!serviceId) throw errors.field('/serviceId', 'validation.required', 'send serviceId before the file');
  if (!UUID.test(serviceId)) throw errors.field('/serviceId', 'validation.format', 'serviceId phải là một UUID (must be a UUID)');
  if (!componentId) throw errors.field('/componentId', 'validation.required', 'send componentId before the file');
  const version = await currentVersion(db, serviceId);
  const rules = componentId === AUTHORIZATION_COMPONENT ? AUTHORIZATION_RULES : version.components.find((c) => c.id === componentId);
  if (!rules) throw errors.field('/componentId', 'component.unknown', 'the service has no such component');
  const file = await saveFile(db, storage, {
    tenantId: null,
    ownerId: actor.id,
    purpose: 'attachment',
    name: part.filename,
    stream: part.file,
    maxBytes: maxBytesOf(rules),
    allowed: rules.fileTypes,
  });
  return { id: file.id, name: file.name, mime: file.mime, size: Number(file.size), sha256: file.sha256 };
}

/**
 * Takes back a file this request has just stored, when the request is refused after it (a
 * second file part): nothing references it yet, and its storage key is its own.
 */
export async function discardUpload(db: Db, storage: FileStorage, fileId: string) {
  const row = await db.deleteFrom('files').where('id', '=', fileId).returning('storage_key').executeTakeFirst();
  if (row) await storage.remove(row.storage_key);
}
