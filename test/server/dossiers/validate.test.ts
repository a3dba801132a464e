/**
 * Server-side validation of form.io submissions without a browser: the real forms and
 * submissions of form.io's own server tests, with their exact outcome, and a wrong value in
 * each field type refused with the field's path.
 */
import { validateFormData } from '../../../server/dossiers/validate.js';
import { readFixture, SAMPLE_FORM } from '../../helpers/studio.js';

const fixture = (name: string) => JSON.parse(readFixture(`forms/formio-server-fixtures/${name}`));

describe('validating form data on the server', () => {
  it("test1: form.io's submission is refused for exactly one reason: the phone number does not match its mask", () => {
    const form = fixture('test1.form.json');
    const { data } = fixture('test1.submission.json');
    const result = validateFormData(form, data);
    // The form asks for "(999) 999-9999"; the stored submission has the bare digits "9879879879".
    expect(result.errors).toEqual([{ path: '/data/phoneNumber', code: 'form.mask', message: expect.stringContaining('mask') }]);
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
    ],
  };
  const good = { text: 'abc', count: 2, mail: 'a@b.vn', phone: '0912 345 678', choice: 'a', radio: 'co', agree: true, day: '04/11/2025', cccd: '001099012345', rows: [{ qty: 1 }], addr: { street: 'Phúc Xá' } };

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
  ])('refuses a wrong %s value with its path', (_type, patch, path) => {
    const result = validateFormData(form, { ...good, ...patch });
    expect(result.errors.map((e) => e.path)).toEqual([path]);
  });

  it('names the allowed values when a choice is not one of those offered, also in a grid row', () => {
    const choice = validateFormData(form, { ...good, choice: 'z' }).errors;
    expect(choice).toEqual([expect.objectContaining({ path: '/data/choice', code: 'form.onlyAvailableItems', message: expect.stringContaining('Allowed values: "a", "b"') })]);
    const radio = validateFormData(form, { ...good, radio: 'maybe' }).errors;
    expect(radio[0].message).toContain('Allowed values: "co", "khong"');
    const grid = { components: [{ type: 'datagrid', key: 'rows', input: true, components: [{ type: 'radio', key: 'kind', input: true, values: [{ label: 'X', value: 'x' }] }] }] };
    expect(validateFormData(grid, { rows: [{ kind: 'x' }, { kind: 'y' }] }).errors).toEqual([expect.objectContaining({ path: '/data/rows/1/kind', message: expect.stringContaining('Allowed values: "x"') })]);
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
});
