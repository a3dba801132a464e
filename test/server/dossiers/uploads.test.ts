/**
 * POST /api/files: the type comes from the bytes (an Office file must really be one), the
 * fields come before the file, and a large file streams to storage instead of sitting in memory.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen } from '../../helpers/citizen.js';
import { multipart, PDF, PNG } from '../../helpers/multipart.js';
import { compoundFile, minimalDocx, minimalXlsx, zip } from '../../helpers/office.js';

const MB = 1024 * 1024;

describe('uploading a file for a dossier component', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let auth: Record<string, string>;
  let serviceId: string;
  const fileCount = async () => (await t.db.db.selectFrom('files').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const rules: Record<string, object> = {
      'tp-1': { fileTypes: ['pdf'], maxSizeMb: 1 },
      'tp-2': { fileTypes: ['docx', 'xlsx'], maxSizeMb: 1 },
      'tp-3': { fileTypes: ['doc', 'xls'], maxSizeMb: 1 },
    };
    serviceId = await publishFixture(s, 'Đăng ký khai sinh', {}, {
      components: (list) => [
        ...list.map((x) => ({ ...x, ...rules[x.id] })),
        { id: 'tp-4', name: 'Tệp Office cũ bất kỳ', requirement: 'optional', originals: 0, copies: 1, fileTypes: ['cfb'], maxSizeMb: 1 },
        { id: 'tp-5', name: 'Bản vẽ thiết kế', requirement: 'optional', originals: 0, copies: 1, fileTypes: ['pdf'], maxSizeMb: 50 },
      ],
    });
    const login = await loginAs(t.app, '001099012345', DEMO_PASSWORD);
    auth = login.auth;
    c = citizen(t.app, auth);
  });
  afterAll(() => t.close());

  describe('types from the bytes', () => {
    it('refuses a real PNG sent as a PDF to a PDF-only component: 400 file.type_not_allowed at /file, nothing stored', async () => {
      const before = await fileCount();
      const res = await c.upload(serviceId, 'tp-1', { name: 'giay-to.pdf', type: 'application/pdf', data: PNG });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('file.type_not_allowed');
      expect(res.body.fields).toEqual([{ path: '/file', code: 'file.type_not_allowed', message: expect.stringContaining('png') }]);
      expect(await fileCount()).toBe(before);
    });

    it('accepts a real docx and a real xlsx (built here) and stores their Office types', async () => {
      const docx = await c.upload(serviceId, 'tp-2', { name: 'to-khai.docx', type: 'application/octet-stream', data: minimalDocx() });
      expect(docx.status).toBe(201);
      expect(docx.body.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const xlsx = await c.upload(serviceId, 'tp-2', { name: 'bang-ke.xlsx', type: 'application/octet-stream', data: minimalXlsx() });
      expect(xlsx.status).toBe(201);
      expect(xlsx.body.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });

    it('refuses a plain zip named .docx, and a zip with Word-looking folders but no [Content_Types].xml', async () => {
      const plain = await c.upload(serviceId, 'tp-2', { name: 'to-khai.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: zip([['readme.txt', 'không phải Word']]) });
      expect(plain.status).toBe(400);
      expect(plain.body.fields).toEqual([expect.objectContaining({ path: '/file', code: 'file.type_not_allowed', message: expect.stringContaining('application/zip') })]);
      const lookalike = await c.upload(serviceId, 'tp-2', { name: 'to-khai.docx', type: 'application/octet-stream', data: zip([['word/document.xml', '<w:document/>']]) });
      expect(lookalike.status).toBe(400);
      expect(lookalike.body.fields[0].code).toBe('file.type_not_allowed');
    });

    it('finds a docx whose [Content_Types].xml comes after the first 4 KB of the archive', async () => {
      const late = minimalDocx();
      const padded = zip([['docProps/padding.bin', crypto.randomBytes(8192)], ...unzipStored(late)]);
      const res = await c.upload(serviceId, 'tp-2', { name: 'to-khai.docx', type: 'application/octet-stream', data: padded });
      expect(res.status).toBe(201);
      expect(res.body.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    });

    it('tells a Word or Excel compound file from other compound files (an .msi named .doc is refused)', async () => {
      const doc = await c.upload(serviceId, 'tp-3', { name: 'don.doc', type: 'application/msword', data: compoundFile(['WordDocument', '\u0005SummaryInformation']) });
      expect([doc.status, doc.body.mime]).toEqual([201, 'application/msword']);
      const xls = await c.upload(serviceId, 'tp-3', { name: 'bang.xls', type: 'application/vnd.ms-excel', data: compoundFile(['Workbook']) });
      expect([xls.status, xls.body.mime]).toEqual([201, 'application/vnd.ms-excel']);
      // An installer's streams: neither Word nor Excel.
      const msi = compoundFile(['\u4840\u3f3f\u4577\u446c\u3b6a\u45e4\u4824', '\u0005SummaryInformation']);
      const refused = await c.upload(serviceId, 'tp-3', { name: 'don.doc', type: 'application/msword', data: msi });
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ path: '/file', code: 'file.type_not_allowed', message: expect.stringContaining('application/x-cfb') })]);
      // …unless a component names compound files explicitly.
      const allowed = await c.upload(serviceId, 'tp-4', { name: 'goi-cai-dat.msi', type: 'application/octet-stream', data: msi });
      expect([allowed.status, allowed.body.mime]).toEqual([201, 'application/x-cfb']);
    });
  });

  describe('fields before the file', () => {
    const send = (parts: Array<[string, string] | ['file', Buffer]>) => {
      const boundary = 'esbFieldsOrder';
      const chunks = parts.flatMap(([name, value]) => (name === 'file'
        ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), value as Buffer, Buffer.from('\r\n')]
        : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)]));
      return t.app.inject({ method: 'POST', url: '/api/files', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) });
    };

    it('answers 400 naming serviceId when the file comes before every field', async () => {
      const before = await fileCount();
      const res = await send([['file', PDF], ['serviceId', serviceId], ['componentId', 'tp-1']]);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([{ path: '/serviceId', code: 'validation.required', message: 'send serviceId before the file' }]);
      expect(await fileCount()).toBe(before);
    });

    it('answers 400 validation.format naming /serviceId when serviceId was sent but is not a UUID', async () => {
      const before = await fileCount();
      const res = await send([['serviceId', 'abc'], ['componentId', 'tp-1'], ['file', PDF]]);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([expect.objectContaining({ path: '/serviceId', code: 'validation.format' })]);
      expect(await fileCount()).toBe(before);
    });

    it('refuses a second file part with 400 file.too_many_files, keeping neither file', async () => {
      const before = await fileCount();
      const res = await send([['serviceId', serviceId], ['componentId', 'tp-1'], ['file', PDF], ['file', PDF]]);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'file.too_many_files', fields: [expect.objectContaining({ path: '/file', code: 'file.too_many_files' })] });
      expect(await fileCount()).toBe(before);
      // One file alone still goes through.
      expect((await send([['serviceId', serviceId], ['componentId', 'tp-1'], ['file', PDF]])).statusCode).toBe(201);
    });

    it('answers 400 naming componentId when only serviceId comes before the file', async () => {
      const res = await send([['serviceId', serviceId], ['file', PDF], ['componentId', 'tp-1']]);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([{ path: '/componentId', code: 'validation.required', message: 'send componentId before the file' }]);
    });
  });

  it('declares the multipart body (serviceId, componentId, file) in the API docs, and a plain upload still parses', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    const body = doc.paths['/api/files'].post.requestBody;
    const schema = body.content['multipart/form-data'].schema;
    expect(Object.keys(schema.properties)).toEqual(['serviceId', 'componentId', 'file']);
    expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema.properties.serviceId).toMatchObject({ format: 'uuid' });
    expect(schema.required).toEqual(['serviceId', 'componentId', 'file']);
    expect((await c.upload(serviceId, 'tp-1', { name: 'a.pdf', type: 'application/pdf', data: PDF })).status).toBe(201);
  });

  describe('a 50 MB file on a listening server', () => {
    let base: string;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    /** Streams a multipart body of `size` bytes (a PDF head, then spaces) in 1 MB slices of one reused buffer. */
    function streamUpload(componentId: string, size: number): Promise<{ status: number; body: any; peakGrowth: number }> {
      const boundary = 'esbLargeUpload';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="serviceId"\r\n\r\n${serviceId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="componentId"\r\n\r\n${componentId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ban-ve.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const slice = Buffer.alloc(MB, 0x20);
      // Heap and buffers of this process (client and server), sampled while the file goes through.
      const memory = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
      const baseline = memory();
      let peak = baseline;
      const sampler = setInterval(() => { peak = Math.max(peak, memory()); }, 5);
      return new Promise((resolve, reject) => {
        const req = http.request(`${base}/api/files`, { method: 'POST', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) } }, (res) => {
          buffer(res).then((b) => {
            clearInterval(sampler);
            resolve({ status: res.statusCode!, body: JSON.parse(b.toString()), peakGrowth: peak - baseline });
          }, reject);
        });
        req.on('error', (err) => { clearInterval(sampler); reject(err); });
        (async () => {
          req.write(head);
          req.write(PDF);
          let left = size - PDF.length;
          while (left > 0) {
            const n = Math.min(left, MB);
            if (!req.write(n === MB ? slice : slice.subarray(0, n))) await new Promise((r) => req.once('drain', r));
            left -= n;
          }
          req.end(tail);
        })().catch(reject);
      });
    }

    it('stores a file of exactly the 50 MB limit (201) with the SHA-256 of the bytes sent, without holding it in memory', async () => {
      const size = 50 * MB;
      const res = await streamUpload('tp-5', size);
      expect(res.status).toBe(201);
      const expected = crypto.createHash('sha256');
      expected.update(PDF);
      for (let left = size - PDF.length; left > 0; left -= MB) expected.update(Buffer.alloc(Math.min(left, MB), 0x20));
      expect(res.body).toMatchObject({ size, mime: 'application/pdf', sha256: expected.digest('hex') });
      const row = await t.db.db.selectFrom('files').select(['storage_key', 'sha256']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
      const stored = crypto.createHash('sha256');
      for await (const chunk of t.app.storage.open(row.storage_key)) stored.update(chunk as Buffer);
      expect(stored.digest('hex')).toBe(row.sha256);
      // A server that gathered the file in memory would hold all 50 MB at once (twice, while
      // joining the chunks). Streamed, the growth is only chunks the collector has not yet
      // reclaimed (about 30 MB seen without forcing a collection, which jest cannot do here).
      expect(res.peakGrowth).toBeLessThan(size * 0.9);
    });

    it('refuses one byte over the limit with 413 file.too_large and keeps nothing', async () => {
      const before = await fileCount();
      const res = await streamUpload('tp-5', 50 * MB + 1);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('file.too_large');
      expect(await fileCount()).toBe(before);
    });
  });
});

/** The entries of a stored zip (as built by the zip helper), to build another around them. */
function unzipStored(archive: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  let at = 0;
  while (archive.readUInt32LE(at) === 0x04034b50) {
    const size = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const name = archive.toString('utf8', at + 30, at + 30 + nameLength);
    out.push([name, archive.subarray(at + 30 + nameLength, at + 30 + nameLength + size)]);
    at += 30 + nameLength + size;
  }
  return out;
}
