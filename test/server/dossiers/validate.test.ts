/**
 * Server-side validation of form.io submissions without a browser: the real forms and
 * submissions of form.io's own server tests, with their exact outcome, and a wrong value in
 * each field type refused with the field's path.
 */
import { isRequired, validateFormData } from '../../../server/dossiers/validate.js';
import { readFixture, SAMPLE_FORM } from '../../helpers/studio.js';

const fixture = (name: string) => JSON.parse(readFixture(`forms/formio-server-fixtures/${name}`));

describe('validating form data on the server', () => {
  it("test1: form.io's submission is refused for exactly one reason: the phone number does not match its mask", () => {
    const form = fixture('test1.form.json');
    const { data } = fixture('test1.submission.json');
    const result = validateFormData(form, data);
    // The form asks for "(999) 999-9999"; the stored submission has the bare digits "9879879879".
    expect(result.errors).toEqual([{ path: '/data/phoneNumber', code: 'form.mask', message: '"Phone Number" không đúng mẫu nhập yêu cầu', messageEn: '"Phone Number" does not match the required input mask' }]);
    const masked = validateFormData(form, { ...data, phoneNumber: '(987) 987-9879' });
    expect(masked.errors).toEqual([]);
    expect(masked.data.house).toEqual(data.house);
    // The year selects hold numbers: form.io's normalisation turns "2014" into 2014.
    expect(masked.data.vehicles).toEqual(data.vehicles.map((v: any) => ({ ...v, year: Number(v.year) })));
  });

  it('test3: files in the root, in a container and in an edit grid pass as they are', () => {
    const result = validateFormData(fixture('test3.form.json'), fixture('test3.submission.json').data);
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.data).sort()).toEqual(['container', 'editGrid', 'file']);
  });

  const form = {
    components: [
      { type: 'textfield', key: 'text', input: true, validate: { required: true, maxLength: 10 } },
      { type: 'number', key: 'count', input: true, validate: { min: 1, max: 5 } },
      { type: 'email', key: 'mail', input: true },
      { type: 'phoneNumber', key: 'phone', input: true, inputMask: '9999 999 999' },
      { type: 'select', key: 'choice', input: true, dataSrc: 'values', data: { values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] } },
      { type: 'radio', key: 'radio', input: true, values: [{ label: 'Có', value: 'co' }, { label: 'Không', value: 'khong' }] },
      { type: 'checkbox', key: 'agree', input: true, validate: { required: true } },
      { type: 'day', key: 'day', input: true, fields: { day: { hide: false }, month: { hide: false }, year: { hide: false } } },
      { type: 'textfield', key: 'cccd', input: true, validate: { pattern: '^[0-9]{12}$' } },
      { type: 'datagrid', key: 'rows', input: true, components: [{ type: 'number', key: 'qty', input: true, validate: { min: 0 } }] },
      { type: 'container', key: 'addr', input: true, components: [{ type: 'textfield', key: 'street', input: true, validate: { required: true } }] },
      { type: 'datetime', key: 'at', input: true },
      { type: 'selectboxes', key: 'papers', input: true, values: [{ label: 'CCCD', value: 'cccd' }, { label: 'Hộ chiếu', value: 'passport' }] },
      { type: 'textarea', key: 'note', input: true, validate: { maxLength: 20 } },
      { type: 'currency', key: 'income', input: true, validate: { min: 0 } },
      { type: 'editgrid', key: 'members', input: true, components: [{ type: 'textfield', key: 'name', input: true, validate: { required: true } }] },
      { type: 'select', key: 'langs', input: true, multiple: true, dataSrc: 'values', data: { values: [{ label: 'Việt', value: 'vi' }, { label: 'Anh', value: 'en' }] } },
      { type: 'url', key: 'site', label: 'Trang web', input: true },
      { type: 'time', key: 'hour', label: 'Giờ hẹn', input: true },
      { type: 'tags', key: 'labels', label: 'Nhãn', input: true },
      { type: 'address', key: 'home', label: 'Nơi ở', input: true, provider: 'nominatim' },
      { type: 'signature', key: 'sign', label: 'Chữ ký', input: true },
      { type: 'file', key: 'scan', label: 'Bản quét', input: true, storage: 'url', multiple: true },
    ],
  };
  const good = {
    text: 'abc', count: 2, mail: 'a@b.vn', phone: '0912 345 678', choice: 'a', radio: 'co', agree: true, day: '04/11/2025', cccd: '001099012345', rows: [{ qty: 1 }], addr: { street: 'Phúc Xá' },
    at: '2025-11-04T08:00:00+07:00', papers: { cccd: true, passport: false }, note: 'ghi chú', income: 1500000, members: [{ name: 'An' }], langs: ['vi'],
    site: 'https://dichvucong.gov.vn/p/home', hour: '08:30:00', labels: ['khai sinh', 'hộ tịch'], home: { display_name: 'Phúc Xá, Ba Đình, Hà Nội', lat: '21.04', lon: '105.85' },
    sign: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    scan: [{ name: 'ban-quet.pdf', originalName: 'Bản quét.pdf', storage: 'url', url: 'https://example.vn/f/1', size: 1024, type: 'application/pdf' }],
  };

  it('accepts a valid value in every field type', () => {
    expect(validateFormData(form, good).errors).toEqual([]);
  });

  it.each([
    ['text', { text: '' }, '/data/text'],
    ['text', { text: 'x'.repeat(11) }, '/data/text'],
    ['count', { count: 9 }, '/data/count'],
    ['mail', { mail: 'not-an-email' }, '/data/mail'],
    ['phone', { phone: '12345' }, '/data/phone'],
    ['choice', { choice: 'z' }, '/data/choice'],
    ['radio', { radio: 'maybe' }, '/data/radio'],
    ['agree', { agree: false }, '/data/agree'],
    ['cccd', { cccd: '12345' }, '/data/cccd'],
    ['rows', { rows: [{ qty: -1 }] }, '/data/rows/0/qty'],
    ['addr', { addr: { street: '' } }, '/data/addr/street'],
    ['day', { day: '31/02/2025x' }, '/data/day'],
    ['datetime', { at: 'hôm qua' }, '/data/at'],
    ['selectboxes', { papers: { cccd: true, visa: true } }, '/data/papers'],
    ['textarea', { note: 'x'.repeat(21) }, '/data/note'],
    ['currency', { income: -1 }, '/data/income'],
    ['editgrid', { members: [{ name: 'An' }, { name: '' }] }, '/data/members/1/name'],
  ])('refuses a wrong %s value with its path', (_type, patch, path) => {
    const result = validateFormData(form, { ...good, ...patch });
    expect(result.errors.map((e) => e.path)).toEqual([path]);
  });

  it.each([
    ['url', { site: 'không phải địa chỉ web' }, { path: '/data/site', code: 'form.url', message: '"Trang web" phải là một địa chỉ web (URL) hợp lệ', messageEn: '"Trang web" must be a valid web address (URL)' }],
    ['time', { hour: '25:99' }, { path: '/data/hour', code: 'form.time', message: '"Giờ hẹn" không phải là giờ hợp lệ', messageEn: '"Giờ hẹn" is not a valid time' }],
    ['time (words)', { hour: 'sáng mai' }, { path: '/data/hour', code: 'form.time', message: '"Giờ hẹn" không phải là giờ hợp lệ', messageEn: '"Giờ hẹn" is not a valid time' }],
    ['tags', { labels: ['khai sinh', 7] }, { path: '/data/labels', code: 'form.type', message: '"Nhãn" phải là chuỗi ký tự hoặc danh sách chuỗi', messageEn: '"Nhãn" must be a string or an array of strings' }],
    ['address', { home: 'Phúc Xá' }, { path: '/data/home', code: 'form.type', message: '"Nơi ở" phải là một địa chỉ', messageEn: '"Nơi ở" must be an address object' }],
    ['address (a number)', { home: 5 }, { path: '/data/home', code: 'form.type', message: '"Nơi ở" phải là một địa chỉ', messageEn: '"Nơi ở" must be an address object' }],
    ['signature', { sign: 'data:text/html;base64,PHNjcmlwdD4=' }, { path: '/data/sign', code: 'form.type', message: '"Chữ ký" phải là ảnh chữ ký', messageEn: '"Chữ ký" must be a PNG or SVG image as a data: URL' }],
    ['signature (plain text)', { sign: 'Nguyễn Văn An' }, { path: '/data/sign', code: 'form.type', message: '"Chữ ký" phải là ảnh chữ ký', messageEn: '"Chữ ký" must be a PNG or SVG image as a data: URL' }],
    ['file', { scan: [5] }, { path: '/data/scan', code: 'form.type', message: '"Bản quét" phải là danh sách tệp', messageEn: '"Bản quét" must be an array of file objects' }],
    ['file (not a list)', { scan: { name: 'a.pdf' } }, { path: '/data/scan', code: 'form.type', message: '"Bản quét" phải là danh sách tệp', messageEn: '"Bản quét" must be an array of file objects' }],
  ])('refuses a wrong %s value with its path, code and message', (_type, patch, error) => {
    expect(validateFormData(form, { ...good, ...patch }).errors).toEqual([error]);
  });

  it.each([
    ['textfield', { text: { evil: 1 } }, '/data/text'],
    ['textfield', { text: 5 }, '/data/text'],
    ['number', { count: 'abc' }, '/data/count'],
    ['number', { count: '2' }, '/data/count'],
    ['checkbox', { agree: 'yes' }, '/data/agree'],
    ['day', { day: 5 }, '/data/day'],
    ['day', { day: { d: 4 } }, '/data/day'],
    ['datetime', { at: 1762243200000 }, '/data/at'],
    ['selectboxes', { papers: ['cccd'] }, '/data/papers'],
    ['selectboxes', { papers: { cccd: 'yes' } }, '/data/papers'],
    ['textarea', { note: ['a'] }, '/data/note'],
    ['currency', { income: '1500000' }, '/data/income'],
    ['editgrid', { members: { name: 'An' } }, '/data/members'],
    ['editgrid row', { members: [{ name: 7 }] }, '/data/members/0/name'],
    ['container', { addr: 'Phúc Xá' }, '/data/addr'],
    ['datagrid', { rows: [5] }, '/data/rows'],
    ['select multiple', { langs: 'vi' }, '/data/langs'],
  ])('refuses a %s value of the wrong JS type with its path and form.type, and keeps it out of the data', (_type, patch, path) => {
    const result = validateFormData(form, { ...good, ...patch });
    expect(result.errors).toEqual([{ path, code: 'form.type', message: expect.stringContaining(' phải là '), messageEn: expect.stringContaining(' must be ') }]);
    const key = Object.keys(patch)[0];
    expect(result.data[key]).not.toEqual((patch as Record<string, unknown>)[key]);
  });

  describe('error messages: Vietnamese first, the field named by its label, no raw pattern', () => {
    const labelled = {
      components: [
        { type: 'textfield', key: 'hoTen', label: 'Họ và tên người yêu cầu', input: true, validate: { required: true } },
        { type: 'textfield', key: 'soCccd', label: 'Số căn cước công dân', input: true, validate: { pattern: '^[0-9]{12}$' } },
        { type: 'textfield', key: 'maSo', label: 'Mã số', input: true, inputMask: '99-999' },
        { type: 'textfield', key: 'ghiChu', label: 'Ghi chú', input: true, validate: { minLength: 3, maxLength: 5 } },
        { type: 'number', key: 'soBan', label: 'Số bản', input: true, validate: { min: 1, max: 5 } },
        { type: 'email', key: 'thu', label: 'Thư điện tử', input: true },
        { type: 'url', key: 'web', label: 'Trang web', input: true },
        { type: 'datetime', key: 'ngay', label: 'Ngày hẹn', input: true },
        { type: 'day', key: 'sinh', label: 'Ngày sinh', input: true, fields: { day: { hide: false }, month: { hide: false }, year: { hide: false } } },
        { type: 'select', key: 'loai', label: 'Loại', input: true, dataSrc: 'values', data: { values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] } },
        { type: 'textfield', key: 'soHo', label: 'Số hộ', errorLabel: 'Số hộ khẩu', input: true, validate: { required: true } },
        { type: 'textfield', key: 'soDt', label: 'Điện thoại', input: true, validate: { pattern: '^0[0-9]{9}$', customMessage: 'Nhập số điện thoại 10 chữ số bắt đầu bằng 0' } },
      ],
    };
    const valid = { hoTen: 'An', soHo: 'HK1' };
    it.each([
      ['required', { hoTen: '' }, { path: '/data/hoTen', code: 'form.required', message: '"Họ và tên người yêu cầu" là trường bắt buộc', messageEn: '"Họ và tên người yêu cầu" is required' }],
      ['pattern', { soCccd: '12345' }, { path: '/data/soCccd', code: 'form.pattern', message: '"Số căn cước công dân" không đúng định dạng yêu cầu', messageEn: '"Số căn cước công dân" is not in the required format' }],
      ['mask', { maSo: '1234' }, { path: '/data/maSo', code: 'form.mask', message: '"Mã số" không đúng mẫu nhập yêu cầu', messageEn: '"Mã số" does not match the required input mask' }],
      ['min length', { ghiChu: 'ab' }, { path: '/data/ghiChu', code: 'form.minLength', message: '"Ghi chú" phải có ít nhất 3 ký tự', messageEn: '"Ghi chú" must have at least 3 characters' }],
      ['max length', { ghiChu: 'abcdef' }, { path: '/data/ghiChu', code: 'form.maxLength', message: '"Ghi chú" không được dài quá 5 ký tự', messageEn: '"Ghi chú" must have no more than 5 characters' }],
      ['min value', { soBan: 0 }, { path: '/data/soBan', code: 'form.min', message: '"Số bản" không được nhỏ hơn 1', messageEn: '"Số bản" cannot be less than 1' }],
      ['max value', { soBan: 9 }, { path: '/data/soBan', code: 'form.max', message: '"Số bản" không được lớn hơn 5', messageEn: '"Số bản" cannot be greater than 5' }],
      ['email', { thu: 'khong-phai-email' }, { path: '/data/thu', code: 'form.email', message: '"Thư điện tử" phải là một địa chỉ email hợp lệ', messageEn: '"Thư điện tử" must be a valid email address' }],
      ['url', { web: 'không phải web' }, { path: '/data/web', code: 'form.url', message: '"Trang web" phải là một địa chỉ web (URL) hợp lệ', messageEn: '"Trang web" must be a valid web address (URL)' }],
      ['date', { ngay: 'hôm qua' }, { path: '/data/ngay', code: 'form.date', message: '"Ngày hẹn" không phải là ngày hợp lệ', messageEn: '"Ngày hẹn" is not a valid date' }],
      ['day', { sinh: '31/02/2025x' }, { path: '/data/sinh', code: 'form.day', message: '"Ngày sinh" không phải là ngày hợp lệ', messageEn: '"Ngày sinh" is not a valid date' }],
      ['number (wrong type)', { soBan: 'ba' }, { path: '/data/soBan', code: 'form.type', message: '"Số bản" phải là một số', messageEn: '"Số bản" must be a number' }],
      ['select value', { loai: 'z' }, { path: '/data/loai', code: 'form.onlyAvailableItems', message: '"Loại" không phải là giá trị được phép. Các giá trị được phép: "a", "b"', messageEn: '"Loại" is not an allowed value. Allowed values: "a", "b"' }],
      ["the designer's error label", { soHo: '' }, { path: '/data/soHo', code: 'form.required', message: '"Số hộ khẩu" là trường bắt buộc', messageEn: '"Số hộ khẩu" is required' }],
      ["the designer's custom message", { soDt: '12' }, { path: '/data/soDt', code: 'form.pattern', message: 'Nhập số điện thoại 10 chữ số bắt đầu bằng 0', messageEn: 'Nhập số điện thoại 10 chữ số bắt đầu bằng 0' }],
    ])('%s', (_kind, patch, error) => {
      expect(validateFormData(labelled, { ...valid, ...patch }).errors).toEqual([error]);
    });

    it("the user's report: a type error, a pattern and a required field in one reply all read Vietnamese, with no regular expression", () => {
      const { errors } = validateFormData(labelled, { hoTen: 5, soCccd: '123' });
      expect(errors.map((e) => e.code)).toEqual(['form.type', 'form.pattern', 'form.required']);
      for (const e of errors) {
        expect(e.message).toMatch(/ phải | không | bắt buộc/);
        expect(`${e.message} ${e.messageEn}`).not.toMatch(/\^|\$|\[0-9\]|expected a|does not match the pattern/);
      }
    });
  });

  it("refuses the audit's wrong-typed values on the sample form instead of storing or dropping them", () => {
    const base = { hoTen: 'A', soCccd: '001099012345' };
    for (const [patch, path] of [[{ hoTen: { evil: 1 } }, '/data/hoTen'], [{ nopThay: 'yes' }, '/data/nopThay'], [{ soBan: 'abc' }, '/data/soBan']] as const) {
      const result = validateFormData(SAMPLE_FORM, { ...base, ...patch });
      expect(result.errors).toEqual([expect.objectContaining({ path, code: 'form.type' })]);
    }
  });

  it('an empty value is left to the form rules: null in a required field is "required", not a type error', () => {
    expect(validateFormData(form, { ...good, text: null }).errors).toEqual([expect.objectContaining({ path: '/data/text', code: 'form.required' })]);
    expect(validateFormData(form, { ...good, count: null, day: null, at: null }).errors).toEqual([]);
  });

  it.each([
    ['a number in a select', { choice: 5 }, '/data/choice'],
    ['a boolean in a select', { choice: true }, '/data/choice'],
    ['a number in a radio', { radio: 1 }, '/data/radio'],
    ['a boolean in a radio', { radio: false }, '/data/radio'],
    ['values not offered in a multiple select', { langs: ['vi', 'fr'] }, '/data/langs'],
    ['numbers in a multiple select', { langs: [1, 2] }, '/data/langs'],
  ])('refuses %s (form.io alone lets it through) with the allowed values', (_what, patch, path) => {
    expect(validateFormData(form, { ...good, ...patch }).errors).toEqual([{ path, code: 'form.onlyAvailableItems', message: expect.stringContaining('Các giá trị được phép: '), messageEn: expect.stringContaining('Allowed values: ') }]);
  });

  it('names the allowed values when a choice is not one of those offered, also in a grid row', () => {
    const choice = validateFormData(form, { ...good, choice: 'z' }).errors;
    expect(choice).toEqual([expect.objectContaining({ path: '/data/choice', code: 'form.onlyAvailableItems', message: '"choice" không phải là giá trị được phép. Các giá trị được phép: "a", "b"', messageEn: '"choice" is not an allowed value. Allowed values: "a", "b"' })]);
    const radio = validateFormData(form, { ...good, radio: 'maybe' }).errors;
    expect(radio[0].message).toContain('Các giá trị được phép: "co", "khong"');
    const grid = { components: [{ type: 'datagrid', key: 'rows', input: true, components: [{ type: 'radio', key: 'kind', input: true, values: [{ label: 'X', value: 'x' }] }] }] };
    expect(validateFormData(grid, { rows: [{ kind: 'x' }, { kind: 'y' }] }).errors).toEqual([expect.objectContaining({ path: '/data/rows/1/kind', messageEn: expect.stringContaining('Allowed values: "x"') })]);
  });

  it('clears conditionally hidden fields and does not require them', () => {
    const conditional = {
      components: [
        { type: 'checkbox', key: 'nopThay', input: true },
        { type: 'textfield', key: 'nguoiDuocUyQuyen', input: true, validate: { required: true }, conditional: { show: true, when: 'nopThay', eq: 'true' } },
      ],
    };
    const hidden = validateFormData(conditional, { nopThay: false, nguoiDuocUyQuyen: 'bị bỏ' });
    expect(hidden.errors).toEqual([]);
    expect(hidden.data.nguoiDuocUyQuyen).toBeUndefined();
    expect(validateFormData(conditional, { nopThay: true }).errors.map((e) => e.path)).toEqual(['/data/nguoiDuocUyQuyen']);
  });

  it('keeps only the fields the form defines', () => {
    const { data } = validateFormData(SAMPLE_FORM, { hoTen: 'A', soCccd: '001099012345', injected: { admin: true } });
    expect(data).not.toHaveProperty('injected');
  });

  it('a component whose condition the data cannot answer is required, and asking never throws (submission and supplement)', () => {
    const component = { id: 'tp-9', name: 'Bản sao', requirement: 'conditional' as const, condition: 'soBan > 1', originals: 0, copies: 1, fileTypes: ['pdf'], maxSizeMb: 5 };
    expect(isRequired(component, { soBan: 3 })).toBe(true);
    expect(isRequired(component, { soBan: 1 })).toBe(false);
    // soBan missing: `null > 1` is null, not a boolean.
    expect(isRequired(component, {})).toBe(true);
  });
});
