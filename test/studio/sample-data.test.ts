/**
 * The test run's default sample data passes the server's validation of the form, whatever
 * field types the designer used (the date and time fields included).
 */
import { sampleData } from '../../studio/lib/sample-data.js';
import { validateFormData } from '../../server/dossiers/validate.js';
import { SAMPLE_FORM } from '../helpers/studio.js';

const everyType = {
  components: [
    { type: 'textfield', key: 'hoTen', input: true, validate: { required: true, maxLength: 200 } },
    { type: 'textfield', key: 'soCccd', input: true, inputMask: '999999999999', validate: { required: true, pattern: '[0-9]{12}' } },
    { type: 'textfield', key: 'ngay', input: true, inputMask: '99/99/9999', validate: { pattern: '(0[1-9]|[12][0-9]|3[01])/(0[1-9]|1[0-2])/[0-9]{4}' } },
    { type: 'textfield', key: 'soDienThoai', input: true, validate: { pattern: '0[35789][0-9]{8}' } },
    { type: 'textarea', key: 'ghiChu', input: true, validate: { required: true } },
    { type: 'number', key: 'soBan', input: true, validate: { required: true, min: 2, max: 10 } },
    { type: 'currency', key: 'soTien', input: true, validate: { required: true } },
    { type: 'checkbox', key: 'camKet', input: true, validate: { required: true } },
    { type: 'select', key: 'loai', input: true, dataSrc: 'values', widget: 'html5', data: { values: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] }, validate: { required: true } },
    { type: 'radio', key: 'gioiTinh', input: true, values: [{ label: 'Nam', value: 'nam' }, { label: 'Nữ', value: 'nu' }], validate: { required: true } },
    { type: 'selectboxes', key: 'kenh', input: true, values: [{ label: 'Bưu điện', value: 'post' }, { label: 'Trực tuyến', value: 'online' }], validate: { required: true } },
    { type: 'email', key: 'email', input: true, validate: { required: true } },
    { type: 'url', key: 'trang', input: true, validate: { required: true } },
    { type: 'phoneNumber', key: 'dienThoai', input: true, inputMask: '9999 999 999', validate: { required: true } },
    { type: 'datetime', key: 'ngayHen', input: true, format: 'dd/MM/yyyy HH:mm', enableTime: true, validate: { required: true } },
    { type: 'datetime', key: 'ngaySinh', input: true, format: 'dd/MM/yyyy', enableTime: false, validate: { required: true } },
    { type: 'day', key: 'ngayCap', input: true, dayFirst: true, fields: { day: { hide: false }, month: { hide: false }, year: { hide: false } }, validate: { required: true } },
    { type: 'day', key: 'ngayKhac', input: true, fields: { day: { hide: false }, month: { hide: false }, year: { hide: false } } },
    { type: 'time', key: 'gio', input: true, validate: { required: true } },
    { type: 'columns', key: 'cot', input: false, columns: [{ components: [{ type: 'textfield', key: 'trongCot', input: true, validate: { required: true } }] }] },
    { type: 'container', key: 'diaChi', input: true, components: [{ type: 'textfield', key: 'duong', input: true, validate: { required: true } }] },
    { type: 'datagrid', key: 'thanhVien', input: true, components: [{ type: 'textfield', key: 'ten', input: true, validate: { required: true } }, { type: 'number', key: 'tuoi', input: true, validate: { min: 18 } }] },
    { type: 'button', key: 'submit', input: true, action: 'submit' },
  ],
};

describe('test-run sample data', () => {
  it('gives every field type a value the server accepts', () => {
    const data = sampleData(everyType);
    expect(validateFormData(everyType, data).errors).toEqual([]);
    expect(data).toMatchObject({ soCccd: '001099012345', soBan: 2, camKet: true, loai: 'a', gioiTinh: 'nam', diaChi: { duong: expect.any(String) }, thanhVien: [{ ten: expect.any(String), tuoi: 18 }] });
    expect(data).not.toHaveProperty('submit');
  });

  it('passes the sample form of the studio tests', () => {
    expect(validateFormData(SAMPLE_FORM, sampleData(SAMPLE_FORM)).errors).toEqual([]);
  });
});
