/**
 * The palette's Vietnamese fields, validated as the server validates a submission: the phone
 * field takes mobiles and landlines, the date field refuses days the month does not have.
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
