/**
 * Storing an uploaded file: bytes to the storage, a row with name, type, size and SHA-256.
 * The type is detected from the bytes (file-type), never from the name, and must be one of
 * the types the caller allows.
 *
 * Two families need more than the first bytes. An Office Open XML file (docx, xlsx) is a zip:
 * a plain zip renamed .docx must not pass as one, so a zip is read through (streamed from
 * storage) until file-type finds [Content_Types].xml and its main part — word/ or xl/. A
 * compound file (doc, xls, but also .msi installers and Outlook messages) all start with the
 * same signature, so its directory is read to find the Word or Excel stream; any other compound
 * file passes only where a component allows `cfb` explicitly.
 */
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer, fileTypeFromStream } from 'file-type';
import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';
import type { FileStorage, StoredObject } from './storage.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOC = 'application/msword';
const XLS = 'application/vnd.ms-excel';
const CFB = 'application/x-cfb';

/** Extensions a designer can allow, with the types their bytes must show. */
export const FILE_TYPES: Record<string, string[]> = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
  doc: [DOC],
  docx: [DOCX],
  xls: [XLS],
  xlsx: [XLSX],
  zip: ['application/zip'],
  // Any compound file (an .msi, an .msg, …): only for a component that names it.
  cfb: [CFB],
};

export interface DetectedType {
  ext: string;
  mime: string;
}

/** The type of a stored object, from its first bytes and, for zips and compound files, more. */
export async function detectType(storage: FileStorage, stored: StoredObject): Promise<DetectedType | undefined> {
  const head = await fileTypeFromBuffer(stored.head);
  if (!head) return undefined;
  if (head.mime === 'application/zip' || head.mime === DOCX || head.mime === XLSX) {
    // The head alone may stop before [Content_Types].xml (or see it without its main part):
    // the whole archive decides, read as a stream.
    const full = await fileTypeFromStream(storage.open(stored.key));
    return full && { ext: full.ext, mime: full.mime };
  }
  if (head.mime === CFB) {
    const names = await compoundFileNames((start, length) => readRange(storage, stored.key, start, length), stored.size);
    if (names?.includes('WordDocument')) return { ext: 'doc', mime: DOC };
    if (names?.includes('Workbook') || names?.includes('Book')) return { ext: 'xls', mime: XLS };
    return { ext: 'cfb', mime: CFB };
  }
  return { ext: head.ext, mime: head.mime };
}

async function readRange(storage: FileStorage, key: string, start: number, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of storage.open(key, { start, end: start + length - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const LAST_REGULAR_SECTOR = 0xfffffffa;
const MAX_DIRECTORY_SECTORS = 4096;

/**
 * The names of the storages and streams in a compound file (MS-CFB) directory, read sector by
 * sector (never the whole file); undefined when the structure does not hold together.
 */
export async function compoundFileNames(read: (start: number, length: number) => Promise<Buffer>, size: number): Promise<string[] | undefined> {
  const header = await read(0, 512);
  if (header.length < 512) return undefined;
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  const fatCount = header.readUInt32LE(0x2c);
  if (fatCount * sectorSize > size) return undefined;
  // Where the FAT sectors are: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) {
    const n = header.readUInt32LE(0x4c + 4 * i);
    if (n < LAST_REGULAR_SECTOR) fatSectors.push(n);
  }
  let difat = header.readUInt32LE(0x44);
  for (let hops = 0; difat < LAST_REGULAR_SECTOR && fatSectors.length < fatCount && hops <= header.readUInt32LE(0x48); hops++) {
    if (sectorAt(difat) + sectorSize > size) return undefined;
    const sector = await read(sectorAt(difat), sectorSize);
    for (let i = 0; i < sectorSize / 4 - 1 && fatSectors.length < fatCount; i++) {
      const n = sector.readUInt32LE(4 * i);
      if (n < LAST_REGULAR_SECTOR) fatSectors.push(n);
    }
    difat = sector.readUInt32LE(sectorSize - 4);
  }
  const fatParts: Buffer[] = [];
  for (const n of fatSectors) {
    if (sectorAt(n) + sectorSize > size) return undefined;
    fatParts.push(await read(sectorAt(n), sectorSize));
  }
  const fat = Buffer.concat(fatParts);
  const next = (n: number) => (4 * n + 4 <= fat.length ? fat.readUInt32LE(4 * n) : LAST_REGULAR_SECTOR + 4);
  const names: string[] = [];
  const seen = new Set<number>();
  for (let n = header.readUInt32LE(0x30); n < LAST_REGULAR_SECTOR && !seen.has(n) && seen.size < MAX_DIRECTORY_SECTORS; n = next(n)) {
    seen.add(n);
    if (sectorAt(n) + sectorSize > size) return undefined;
    const sector = await read(sectorAt(n), sectorSize);
    for (let at = 0; at + 128 <= sector.length; at += 128) {
      const nameBytes = sector.readUInt16LE(at + 0x40);
      const kind = sector[at + 0x42];
      // 1 storage, 2 stream, 5 root; the name length counts its terminating NUL.
      if ((kind === 1 || kind === 2 || kind === 5) && nameBytes >= 2 && nameBytes <= 64) names.push(sector.toString('utf16le', at, at + nameBytes - 2));
    }
  }
  return names;
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
  let detected: DetectedType | undefined;
  try {
    detected = await detectType(storage, stored);
  } catch {
    // A structure file-type or the directory reader cannot follow: of an unknown type.
    detected = undefined;
  }
  const mimes = new Set(input.allowed.flatMap((ext) => FILE_TYPES[ext] ?? []));
  if (!detected || !mimes.has(detected.mime)) {
    await storage.remove(stored.key);
    throw errors.field('/file', 'file.type_not_allowed', `Nội dung tệp là ${detected ? `${detected.ext} (${detected.mime})` : 'loại không xác định'}; chỉ nhận ${input.allowed.join(', ')} (the file's content is ${detected ? detected.ext : 'of an unknown type'}; allowed: ${input.allowed.join(', ')})`);
  }
  const safeName = input.name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'file';
  return db
    .insertInto('files')
    .values({ tenant_id: input.tenantId, owner_id: input.ownerId, purpose: input.purpose, name: safeName, mime: detected.mime, size: stored.size, sha256: stored.sha256, storage_key: stored.key })
    .returningAll()
    .executeTakeFirstOrThrow();
}
