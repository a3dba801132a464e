/**
 * Storing an uploaded file: bytes to the storage, a row with name, type, size and SHA-256.
 * The type is detected from the bytes (file-type), never from the name, and must be one of
 * the types the caller allows.
 */
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';
import type { FileStorage } from './storage.js';

/** Extensions a designer can allow, with the types their bytes must show. */
export const FILE_TYPES: Record<string, string[]> = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
  doc: ['application/x-cfb'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  xls: ['application/x-cfb'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'],
  zip: ['application/zip'],
};

export async function detectType(head: Buffer): Promise<{ ext: string; mime: string } | undefined> {
  return fileTypeFromBuffer(head);
}

export interface SaveFileInput {
  tenantId: string | null;
  ownerId: string | null;
  purpose: string;
  name: string;
  stream: Readable;
  maxBytes: number;
  /** Allowed extensions (keys of FILE_TYPES). */
  allowed: string[];
}

export async function saveFile(db: Db | Trx, storage: FileStorage, input: SaveFileInput) {
  const stored = await storage.put(input.stream, input.maxBytes);
  const detected = await detectType(stored.head);
  const mimes = new Set(input.allowed.flatMap((ext) => FILE_TYPES[ext] ?? []));
  if (!detected || !mimes.has(detected.mime)) {
    await storage.remove(stored.key);
    throw errors.field('/file', 'file.type_not_allowed', `The file's content is ${detected ? `${detected.ext} (${detected.mime})` : 'of an unknown type'}; allowed: ${input.allowed.join(', ')}`);
  }
  const safeName = input.name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'file';
  return db
    .insertInto('files')
    .values({ tenant_id: input.tenantId, owner_id: input.ownerId, purpose: input.purpose, name: safeName, mime: detected.mime, size: stored.size, sha256: stored.sha256, storage_key: stored.key })
    .returningAll()
    .executeTakeFirstOrThrow();
}
