/** A citizen on the portal: uploads files and submits dossiers through the API. */
import type { FastifyInstance } from 'fastify';
import { multipart, PDF } from './multipart.js';

export function citizen(app: FastifyInstance, auth: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method, url, headers: { ...auth, ...headers }, payload: payload as never });
    return { status: res.statusCode, body: res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, raw: res };
  };
  return {
    call,
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    async upload(serviceId: string, componentId: string, file: { name: string; type: string; data: Buffer } = { name: 'to-khai.pdf', type: 'application/pdf', data: PDF }) {
      const body = multipart({ serviceId, componentId }, file);
      const res = await app.inject({ method: 'POST', url: '/api/files', headers: { ...auth, ...body.headers }, payload: body.payload });
      return { status: res.statusCode, body: res.json() };
    },
    async submit(body: Record<string, unknown>, key = `k-${Math.random().toString(36).slice(2, 12)}`) {
      return call('POST', '/api/dossiers', body, { 'idempotency-key': key });
    },
  };
}

/** Form data that the SAMPLE_FORM accepts. */
export const SAMPLE_DATA = { hoTen: 'Nguyễn Văn An', soCccd: '001099012345', nopThay: false, soBan: 2, doiTuongUuDai: false, khongThuongTru: false, cungDangKy: false, coTangHam: false };
