/**
 * The palette's Vietnamese fields, validated as the server validates a submission: the phone
 * field takes mobiles and landlines, the date field refuses days the month does not have, the
 * citizen ID takes exactly 12 digits, and the province → commune picker offers each province's
 * communes (from the unit tree) only when that province is chosen.
 */
import { builderOptions } from '../../studio/form/palette.js';
import { validateFormData } from '../../server/dossiers/validate.js';

const vn = builderOptions([]).builder.vietnam.components;
const errorsFor = (schema: { key: string }, value: unknown) => validateFormData({ components: [schema] }, { [schema.key]: value }).errors;

describe('studio palette: Vietnamese phone number', () => {
  const phone = vn.phoneVn.schema;
  it.each(['0912345678', '0387654321', '+84912345678', '02438123456', '0283812345', '+842438123456'])('accepts %s', (value) => {
    expect(errorsFor(phone, value)).toEqual([]);
  });
  it.each(['0112345678', '091234567', '09123456789', '024381234567', '0212345', '+8402438123456', '84912345678'])('refuses %s', (value) => {
    expect(errorsFor(phone, value).map((e) => e.code)).toEqual(['form.pattern']);
  });
});

describe('studio palette: date as dd/mm/yyyy', () => {
  const date = vn.dateVn.schema;
  it('is a day field with the day first', () => {
    expect(date).toMatchObject({ type: 'day', dayFirst: true });
  });
  it.each(['15/01/2026', '29/02/2024', '31/12/2025'])('accepts %s', (value) => {
    expect(errorsFor(date, value)).toEqual([]);
  });
  it.each(['31/02/2026', '29/02/2025', '31/04/2026', '01/13/2026'])('refuses %s, a day the calendar does not have', (value) => {
    expect(errorsFor(date, value).map((e) => e.code)).toEqual(['form.day']);
  });
});

describe('studio palette: citizen ID (12 digits)', () => {
  const cccd = vn.cccd.schema;
  it('is prefilled from the citizen profile and masked to 12 digits', () => {
    expect(cccd).toMatchObject({ type: 'textfield', key: 'soCccd', inputMask: '999999999999', properties: { prefill: 'citizenId' }, validate: { required: true } });
  });
  it.each(['001099012345', '079203000123'])('accepts %s', (value) => {
    expect(errorsFor(cccd, value)).toEqual([]);
  });
  // The 12-digit mask is checked first (the pattern says the same for a form without the mask).
  it.each(['00109901234', '0010990123456', '00109901234a', '001 099 012 345', '+84109901234'])('refuses %s', (value) => {
    expect(errorsFor(cccd, value).map((e) => e.code)).toEqual(['form.mask']);
  });
  it('is required', () => {
    expect(errorsFor(cccd, '').map((e) => e.code)).toEqual(['form.required']);
  });
  it('refuses a wrong length by its pattern too, should the mask be taken off in the builder', () => {
    const { inputMask: _mask, ...unmasked } = cccd;
    expect(errorsFor(unmasked, '00109901234').map((e) => e.code)).toEqual(['form.pattern']);
    expect(errorsFor(unmasked, '001099012345')).toEqual([]);
  });
});

describe('studio palette: province → commune picker', () => {
  const unit = (id: string, parentId: string | null, level: string, active = true) => ({ id, parentId, agencyCode: `AC-${id}`, name: `Đơn vị ${id}`, level, active });
  const units = [
    unit('p1', null, 'province'),
    unit('d1', 'p1', 'department'),
    unit('q1', 'p1', 'district'),
    unit('x1', 'q1', 'commune'),
    unit('x2', 'p1', 'commune'),
    unit('x3', 'p1', 'commune', false),
    unit('p2', null, 'province'),
    unit('x4', 'p2', 'commune'),
    unit('p3', null, 'province', false),
    unit('x5', 'p3', 'commune'),
  ];
  const picker = builderOptions(units).builder.vietnam.components.provinceCommune.schema;
  const values = (c: { data: { values: Array<{ value: string }> } }) => c.data.values.map((v) => v.value);
  const check = (data: Record<string, unknown>) => validateFormData({ components: [picker] }, data).errors.map((e) => `${e.code} ${e.path}`);

  it('offers the active provinces, then per province its active communes and districts, shown when it is chosen', () => {
    expect(picker).toMatchObject({ type: 'fieldset', key: 'diaBan', input: false });
    const [province, ...communes] = picker.components as any[];
    expect(province).toMatchObject({ type: 'select', key: 'tinhThanh', dataSrc: 'values', validate: { required: true } });
    expect(values(province)).toEqual(['AC-p1', 'AC-p2']);
    expect(communes.map((c) => [c.key, c.conditional, values(c)])).toEqual([
      ['phuongXa', { show: true, when: 'tinhThanh', eq: 'AC-p1' }, ['AC-q1', 'AC-x1', 'AC-x2']],
      ['phuongXa2', { show: true, when: 'tinhThanh', eq: 'AC-p2' }, ['AC-x4']],
    ]);
    expect(communes.every((c) => c.validate.required && c.clearOnHide)).toBe(true);
  });

  it('is validated as the server validates a submission: the commune must be one of the chosen province', () => {
    expect(check({ tinhThanh: 'AC-p1', phuongXa: 'AC-x1' })).toEqual([]);
    expect(check({ tinhThanh: 'AC-p2', phuongXa2: 'AC-x4' })).toEqual([]);
    expect(check({ tinhThanh: 'AC-p1' })).toEqual(['form.required /data/phuongXa']);
    expect(check({ tinhThanh: 'AC-p1', phuongXa: 'AC-x4' })).toEqual(['form.onlyAvailableItems /data/phuongXa']);
    expect(check({ tinhThanh: 'AC-p3' })).toEqual(['form.onlyAvailableItems /data/tinhThanh']);
  });
});
