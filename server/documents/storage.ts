/**
 * Where file bytes live. The database keeps name, size, type and SHA-256; the storage keeps
 * bytes under a key of its own making, so a file's name is never used as a path. A local
 * folder today; object storage can implement the same interface.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errors } from '../errors.js';

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  /** The first bytes, for type detection without reading the file again. */
  head: Buffer;
}

export interface FileStorage {
  /** Streams bytes in; refuses (413) past maxBytes and keeps nothing then. */
  put(source: Readable, maxBytes: number): Promise<StoredObject>;
  /** The bytes, or only those from start to end (both inclusive), as object storage's Range. */
  open(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
}

const HEAD_BYTES = 4100;

export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(this.root, key);
  }

  async put(source: Readable, maxBytes: number): Promise<StoredObject> {
    const id = crypto.randomUUID();
    const key = `${id.slice(0, 2)}/${id}`;
    const tmp = path.join(this.root, 'tmp', id);
    const hash = crypto.createHash('sha256');
    let size = 0;
    const heads: Buffer[] = [];
    let headLength = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(errors.tooLarge(maxBytes));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          heads.push(chunk);
          headLength += chunk.length;
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tmp, { flags: 'wx' }));
      // @fastify/multipart truncates silently at its own limit; treat that as too large too.
      if ((source as { truncated?: boolean }).truncated) throw errors.tooLarge(maxBytes);
      fs.mkdirSync(path.dirname(this.pathOf(key)), { recursive: true });
      fs.renameSync(tmp, this.pathOf(key));
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    return { key, size, sha256: hash.digest('hex'), head: Buffer.concat(heads).subarray(0, HEAD_BYTES) };
  }

  open(key: string, range?: { start: number; end: number }): Readable {
    return fs.createReadStream(this.pathOf(key), range);
  }

  async remove(key: string): Promise<void> {
    fs.rmSync(this.pathOf(key), { force: true });
  }
}
