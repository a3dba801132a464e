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
    const json = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: res.body && json ? res.json() : undefined, raw: res };
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

/** Step 1's metadata for a fixture procedure, receiving units chosen by its level. */
export function metadataFor(p: Record<string, any>, receiving: string[]) {
  return {
    procedureCode: p.code,
    name: p.name,
    field: p.field,
    description: p.notes ?? '',
    receivingUnitIds: receiving,
    onlineLevel: p.onlineLevel,
    timeLimitDays: p.timeLimit.workingDays,
    timeLimitNote: p.timeLimit.note ?? '',
    fees: p.fees.map((f: any, i: number) => ({
      id: `phi-${i + 1}`,
      name: f.name,
      amountVnd: f.amountVnd,
      dueAt: 'submission',
      ...(f.when && { condition: CONDITION_FOR[f.when] }),
      ...(f.per && { quantityField: 'soBan' }),
    })),
    legalBasis: p.legalBasis,
    applicants: { kinds: p.subjects, onBehalf: true },
    result: p.result,
    resultChannels: p.onlineLevel === 'full' ? ['online', 'post'] : ['counter'],
  };
}

/** Step 2's components for a fixture procedure, free-text conditions written as FEEL. */
export function componentsFor(p: Record<string, any>) {
  return p.components.map((c: any, i: number) => ({
    id: `tp-${i + 1}`,
    name: c.name,
    requirement: c.required ? 'required' : c.requiredWhen ? 'conditional' : 'optional',
    ...(c.requiredWhen && { condition: CONDITION_FOR[c.requiredWhen] }),
    originals: c.originals,
    copies: c.copies,
    fileTypes: ['pdf', 'jpg', 'png'],
    maxSizeMb: 10,
  }));
}

/** The receiving units of a fixture procedure in the demo province. */
export function receivingFor(p: Record<string, any>, units: Array<{ id: string; agencyCode: string; level: string }>) {
  return p.level === 'commune' ? units.filter((u) => u.level === 'commune').map((u) => u.id) : units.filter((u) => u.agencyCode === '000.00.12.H29').map((u) => u.id);
}

/** Publishes a fixture procedure with the standard process; returns the service id. */
/** Options: another e-form than SAMPLE_FORM; a change to the fixture's components (their file rules). */
export async function publishFixture(
  s: ReturnType<typeof studio>,
  name: string,
  patch: Record<string, unknown> = {},
  { form = SAMPLE_FORM as unknown, components = (list: Array<Record<string, any>>) => list }: { form?: unknown; components?: (list: Array<Record<string, any>>) => Array<Record<string, any>> } = {},
) {
  const p = fixtureProcedures().procedures.find((x) => x.name === name);
  if (!p) throw new Error(`no fixture procedure ${name}`);
  const units = (await s.get('/api/units')).body;
  const metadata = { ...metadataFor(p, receivingFor(p, units)), ...patch };
  const created = await s.post('/api/studio/services', { metadata });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const saved0 = await s.put(`/api/studio/services/${id}/components`, { components: components(componentsFor(p)) });
  if (saved0.status !== 200) throw new Error(`components refused: ${JSON.stringify(saved0.body)}`);
  const saved = await s.put(`/api/studio/services/${id}/form`, { form });
  if (saved.status !== 200) throw new Error(`form refused: ${JSON.stringify(saved.body)}`);
  const published = await s.post(`/api/studio/services/${id}/publish`);
  if (published.status !== 201) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return id;
}
