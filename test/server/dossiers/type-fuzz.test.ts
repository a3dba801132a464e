/**
 * Bad input never gives 500: for every field of a form with all common form.io types, values
 * of the wrong JS type are sent to each dossier endpoint that takes form data (submission,
 * drafts and submission of a draft, supplements). Each case has one expected answer — 201, 400
 * naming the field, or 400 asking for a file the value makes required — and all endpoints agree.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

const ALL_TYPES_FORM = {
  display: 'form',
  components: [
    ...SAMPLE_FORM.components.filter((c) => c.type !== 'button'),
    { type: 'textarea', key: 'ghiChu', label: 'Ghi chú', input: true },
    { type: 'email', key: 'thuDienTu', label: 'Thư điện tử', input: true },
    { type: 'phoneNumber', key: 'dienThoai', label: 'Điện thoại', input: true },
    { type: 'currency', key: 'thuNhap', label: 'Thu nhập', input: true, currency: 'VND' },
    { type: 'selectboxes', key: 'giayTo', label: 'Giấy tờ', input: true, values: [{ label: 'CCCD', value: 'cccd' }, { label: 'Hộ chiếu', value: 'hoChieu' }] },
    { type: 'select', key: 'gioiTinh', label: 'Giới tính', input: true, dataSrc: 'values', data: { values: [{ label: 'Nam', value: 'nam' }, { label: 'Nữ', value: 'nu' }] } },
    { type: 'select', key: 'ngonNgu', label: 'Ngôn ngữ', input: true, multiple: true, dataSrc: 'values', data: { values: [{ label: 'Việt', value: 'vi' }, { label: 'Anh', value: 'en' }] } },
    { type: 'radio', key: 'quocTich', label: 'Quốc tịch', input: true, values: [{ label: 'Việt Nam', value: 'vn' }, { label: 'Khác', value: 'khac' }] },
    { type: 'day', key: 'ngaySinh', label: 'Ngày sinh', input: true, fields: { day: { hide: false }, month: { hide: false }, year: { hide: false } } },
    { type: 'datetime', key: 'henLuc', label: 'Hẹn lúc', input: true },
    { type: 'time', key: 'gio', label: 'Giờ', input: true },
    { type: 'url', key: 'trang', label: 'Trang web', input: true },
    { type: 'tags', key: 'nhan', label: 'Nhãn', input: true },
    { type: 'datagrid', key: 'conCai', label: 'Con', input: true, components: [{ type: 'textfield', key: 'ten', label: 'Tên', input: true }] },
    { type: 'editgrid', key: 'thanhVien', label: 'Thành viên', input: true, components: [{ type: 'number', key: 'tuoi', label: 'Tuổi', input: true }] },
    { type: 'container', key: 'diaChi', label: 'Địa chỉ', input: true, components: [{ type: 'textfield', key: 'duong', label: 'Đường', input: true }] },
    { type: 'panel', key: 'khung', title: 'Khung', input: false, components: [{ type: 'textfield', key: 'trongKhung', label: 'Trong khung', input: true }] },
    { type: 'button', key: 'submit', label: 'Nộp hồ sơ', input: true },
  ],
};

const WRONG: Array<[string, unknown]> = [
  ['a number', 5],
  ['an object', { evil: 1 }],
  ['an array', [1, 2]],
  ['a boolean', true],
  ['null', null],
  ['a long string', 'x'.repeat(20_000)],
];

// The value each field takes, and a row of each grid holding a wrong value.
const KEYS = ALL_TYPES_FORM.components.filter((c) => c.input === true && c.type !== 'button').map((c) => c.key);
const NESTED: Array<[string, (v: unknown) => Record<string, unknown>, string]> = [
  ['conCai[0].ten', (v) => ({ conCai: [{ ten: v }] }), '/data/conCai/0/ten'],
  ['thanhVien[0].tuoi', (v) => ({ thanhVien: [{ tuoi: v }] }), '/data/thanhVien/0/tuoi'],
  ['diaChi.duong', (v) => ({ diaChi: { duong: v } }), '/data/diaChi/duong'],
  ['trongKhung (in a panel)', (v) => ({ trongKhung: v }), '/data/trongKhung'],
];

type Outcome = 'accepted' | 'refused' | 'asks for a file';
// The values that fit their field; every other case is refused with the field's path.
const ACCEPTED = new Set([
  // Empty is not a type error; only the required fields refuse it.
  ...[...KEYS, ...NESTED.map(([name]) => name)].filter((k) => k !== 'hoTen' && k !== 'soCccd').map((k) => `${k} = null`),
  // Free text without a length or pattern rule (the phone field has no mask here).
  ...['hoTen', 'ghiChu', 'dienThoai', 'nhan', 'conCai[0].ten', 'diaChi.duong', 'trongKhung (in a panel)'].map((k) => `${k} = a long string`),
  ...['soBan', 'thuNhap', 'thanhVien[0].tuoi'].map((k) => `${k} = a number`),
  ...['doiTuongUuDai', 'khongThuongTru', 'cungDangKy', 'coTangHam'].map((k) => `${k} = a boolean`),
  // A container is an object; its unknown keys are dropped, not refused.
  'diaChi = an object',
]);
const expectedOutcome = (name: string): Outcome => (name === 'nopThay = a boolean' ? 'asks for a file' : ACCEPTED.has(name) ? 'accepted' : 'refused');

const CASES = [
  ...KEYS.flatMap((key) => WRONG.map(([what, v]) => [`${key} = ${what}`, { [key]: v }, `/data/${key}`] as const)),
  ...NESTED.flatMap(([name, patch, path]) => WRONG.map(([what, v]) => [`${name} = ${what}`, patch(v), path] as const)),
];

describe('bad input to the dossier endpoints never gives 500', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;
  let attachments: Array<{ componentId: string; fileId: string }>;
  let waiting: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh', {}, { form: ALL_TYPES_FORM });
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    // A dossier waiting for a supplement.
    const d = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(d.status).toBe(201);
    waiting = d.body.id;
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.body.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'request-supplement', data: { reason: 'Bổ sung', missingComponents: ['tp-2'] } })).status).toBe(200);
  });
  afterAll(() => t.close());

  /** What the answer was, after checking that a refusal names the field (or only asks for a file). */
  const outcomeOf = (res: { status: number; body: any }, path: string, accepted: number): Outcome => {
    if (res.status === accepted) return 'accepted';
    expect(res.status).toBe(400);
    // nopThay = true asks for the authorization document: no field is at fault.
    if (res.body.fields.every((f: any) => f.code === 'dossier.component_missing')) return 'asks for a file';
    expect(res.body.fields.some((f: any) => f.path === path || f.path.startsWith(`${path}/`))).toBe(true);
    return 'refused';
  };

  it.each(CASES)('POST /api/dossiers: %s gets its one expected answer', async (name, patch, path) => {
    const res = await c.submit({ serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, ...patch }, attachments });
    expect(outcomeOf(res, path, 201)).toBe(expectedOutcome(name));
  });

  it.each(CASES)('drafts: %s is saved as it is, and its submission answers as a direct one', async (name, patch, path) => {
    const data = { ...SAMPLE_DATA, ...patch };
    const draft = await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(draft.status).toBe(201);
    const saved = await c.call('PUT', `/api/dossiers/drafts/${draft.body.id}`, { serviceId, data, rowVersion: draft.body.rowVersion });
    expect(saved.status).toBe(200);
    // Submitted by its id alone: the draft's stored data is what gets validated.
    const res = await c.submit({ serviceId, draftId: draft.body.id });
    expect(outcomeOf(res, path, 201)).toBe(expectedOutcome(name));
  });

  it.each(CASES)('POST /api/dossiers/:id/supplements: %s is refused exactly when the submission refuses it', async (name, patch, path) => {
    // A file that is not the citizen's keeps every supplement from going through, so the
    // dossier stays waiting; the answer still names each field at fault.
    const res = await c.post(`/api/dossiers/${waiting}/supplements`, { data: patch, attachments: [{ componentId: 'tp-2', fileId: '00000000-0000-4000-8000-000000000000' }] });
    expect(res.status).toBe(400);
    expect(res.body.fields).toContainEqual(expect.objectContaining({ path: '/attachments/0/fileId', code: 'file.not_found' }));
    expect(res.body.fields.some((f: any) => f.path === path || f.path.startsWith(`${path}/`))).toBe(expectedOutcome(name) === 'refused');
  });
});
