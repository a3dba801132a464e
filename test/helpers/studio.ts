/** Drives the studio API as a designer would, for tests of later steps. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures');
export const readFixture = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
export const fixtureProcedures = () => JSON.parse(readFixture('procedures/procedures.json')) as { procedures: Array<Record<string, any>> };

export function studio(app: FastifyInstance, auth: Record<string, string>) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, headers: auth, payload: payload as never });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };
  return {
    call,
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    put: (url: string, body: unknown) => call('PUT', url, body),
  };
}

/** A citizen-facing form with the fields the fixture procedures' conditions and fees read. */
export const SAMPLE_FORM = {
  display: 'form',
  components: [
    { type: 'textfield', key: 'hoTen', label: 'Họ và tên', input: true, validate: { required: true }, properties: { prefill: 'fullName' } },
    { type: 'textfield', key: 'soCccd', label: 'Số CCCD', input: true, validate: { required: true, pattern: '^[0-9]{12}$' }, properties: { prefill: 'citizenId' } },
    { type: 'checkbox', key: 'nopThay', label: 'Nộp thay người khác', input: true },
    { type: 'number', key: 'soBan', label: 'Số bản', input: true, defaultValue: 1, validate: { min: 1 } },
    { type: 'checkbox', key: 'doiTuongUuDai', label: 'Đối tượng ưu đãi', input: true },
    { type: 'checkbox', key: 'khongThuongTru', label: 'Đăng ký tại nơi không thường trú', input: true },
    { type: 'checkbox', key: 'cungDangKy', label: 'Các thành viên hộ gia đình cùng đăng ký', input: true },
    { type: 'checkbox', key: 'coTangHam', label: 'Công trình có tầng hầm hoặc xây chen', input: true },
    { type: 'button', key: 'submit', label: 'Nộp hồ sơ', input: true },
  ],
};

/** FEEL for the free-text conditions of the fixture procedures. */
export const CONDITION_FOR: Record<string, string> = {
  'nộp thay người khác': 'nopThay = true',
  'đăng ký tại nơi không thường trú': 'khongThuongTru = true',
  'các thành viên hộ gia đình cùng đăng ký': 'cungDangKy = true',
  'công trình có tầng hầm hoặc xây chen': 'coTangHam = true',
  'đối tượng ưu đãi': 'doiTuongUuDai = true',
};
