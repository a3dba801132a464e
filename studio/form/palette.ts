/**
 * The builder's palette: form.io's standard fields the server validates, and a group of
 * ready-made fields for Vietnamese public services. Each extra field is a preset of a
 * standard component (a pattern, a mask, selects with values), so the form JSON stays what
 * @formio/core validates on the server, with no custom JavaScript and no URL data source.
 */
import { L } from '../../ui/i18n.js';
import type { Unit } from '../stores/services.js';

export const PREFILL_FIELDS = ['fullName', 'citizenId', 'phone', 'email', 'address'] as const;
export const prefillLabel = (p: string) =>
  ({ fullName: L('Họ và tên', 'Full name'), citizenId: L('Số CCCD', 'Citizen ID'), phone: L('Số điện thoại', 'Phone'), email: 'Email', address: L('Địa chỉ', 'Address') })[p] ?? p;

export const CITIZEN_ID_PATTERN = '^[0-9]{12}$';
/** A mobile (0 + 3/5/7/8/9 + 8 digits) or a landline (02 + area code + number: 10 or 11 digits), or either with +84 for the 0. */
export const VN_PHONE_PATTERN = '^(0|\\+84)([35789][0-9]{8}|2[0-9]{8,9})$';

/** Province → commune picker from the unit tree: a province select, and per province a commune select shown when it is chosen. */
function provinceCommuneSchema(units: Unit[]) {
  const provinces = units.filter((u) => u.level === 'province' && u.active);
  const under = (root: Unit) => {
    const out: Unit[] = [];
    const walk = (id: string) => units.filter((u) => u.parentId === id).forEach((u) => { if ((u.level === 'commune' || u.level === 'district') && u.active) out.push(u); walk(u.id); });
    walk(root.id);
    return out;
  };
  return {
    type: 'fieldset',
    legend: L('Tỉnh/thành phố và phường/xã', 'Province and commune'),
    key: 'diaBan',
    input: false,
    components: [
      {
        type: 'select', key: 'tinhThanh', label: L('Tỉnh/thành phố', 'Province'), input: true, widget: 'html5', dataSrc: 'values',
        data: { values: provinces.map((p) => ({ label: p.name, value: p.agencyCode })) }, validate: { required: true },
      },
      ...provinces.map((p, i) => ({
        type: 'select', key: i === 0 ? 'phuongXa' : `phuongXa${i + 1}`, label: L('Phường/xã', 'Commune'), input: true, widget: 'html5', dataSrc: 'values',
        data: { values: under(p).map((c) => ({ label: c.name, value: c.agencyCode })) }, validate: { required: true }, clearOnHide: true,
        conditional: { show: true, when: 'tinhThanh', eq: p.agencyCode },
      })),
    ],
  };
}

/**
 * The component settings dialogs without what would run code or load code from a CDN:
 * form.io's rich-text and JSON editors (ace, quill) come from cdn.form.io, which the studio's
 * CSP refuses (and which is unreachable offline), so description and tooltip are plain text;
 * the JavaScript and JSONLogic panels are dropped (the server refuses custom code, and simple
 * conditions stay); the Logic tab's actions are code too.
 */
const PLAIN = { editor: '', wysiwyg: false, overrideEditForm: true };
const TEXT_LIKE = new Set(['textfield', 'textarea', 'number', 'email', 'currency']);
const editFormOverrides = (type: string) => [
  { key: 'display', components: [{ key: 'description', ...PLAIN }, { key: 'tooltip', ...PLAIN }, ...(TEXT_LIKE.has(type) ? [{ key: 'widget', ...PLAIN }] : [])] },
  { key: 'data', components: ['customDefaultValuePanel', 'calculateValuePanel', 'calculateServer', 'allowCalculateOverride', 'serverOverride'].map((key) => ({ key, ignore: true })) },
  { key: 'validation', components: ['custom-validation-js', 'json-validation-json', 'errors'].map((key) => ({ key, ignore: true })) },
  { key: 'conditional', components: [{ key: 'customConditionalPanel', ignore: true }] },
  { key: 'logic', ignore: true },
  { key: 'layout', ignore: true },
];

/**
 * A date as dd/mm/yyyy: form.io's day field with the day first, so both the renderer and
 * @formio/core on the server refuse a day the month does not have (31/02, 29/02 of a common year).
 */
export function dateVnSchema() {
  return {
    type: 'day', key: 'ngay', label: L('Ngày', 'Date'), input: true, dayFirst: true, hideInputLabels: false, inputsLabelPosition: 'top',
    fields: {
      day: { type: 'number', placeholder: L('Ngày', 'Day'), required: false, hide: false },
      month: { type: 'select', placeholder: L('Tháng', 'Month'), required: false, hide: false },
      year: { type: 'number', placeholder: L('Năm', 'Year'), required: false, hide: false },
    },
  };
}

export function builderOptions(units: Unit[]) {
  const vn = {
    title: L('Trường cho dịch vụ công', 'Public service fields'),
    weight: 0,
    default: true,
    components: {
      cccd: {
        title: L('Số CCCD (12 số)', 'Citizen ID (12 digits)'), key: 'cccd', icon: 'person-vcard',
        schema: { type: 'textfield', key: 'soCccd', label: L('Số căn cước công dân', 'Citizen ID number'), input: true, inputMask: '999999999999', validate: { required: true, pattern: CITIZEN_ID_PATTERN, customMessage: L('Số CCCD gồm đúng 12 chữ số', 'A citizen ID has exactly 12 digits') }, properties: { prefill: 'citizenId' } },
      },
      phoneVn: {
        title: L('Số điện thoại Việt Nam', 'Vietnamese phone number'), key: 'phoneVn', icon: 'telephone',
        schema: { type: 'textfield', key: 'soDienThoai', label: L('Số điện thoại', 'Phone number'), input: true, inputType: 'tel', validate: { pattern: VN_PHONE_PATTERN, customMessage: L('Số điện thoại Việt Nam (di động hoặc cố định), ví dụ 0912345678 hoặc 02438123456', 'A Vietnamese mobile or landline number, e.g. 0912345678 or 02438123456') }, properties: { prefill: 'phone' } },
      },
      provinceCommune: { title: L('Tỉnh → phường/xã', 'Province → commune'), key: 'provinceCommune', icon: 'geo-alt', schema: provinceCommuneSchema(units) },
      dateVn: {
        title: L('Ngày (dd/mm/yyyy)', 'Date (dd/mm/yyyy)'), key: 'dateVn', icon: 'calendar',
        schema: dateVnSchema(),
      },
      fullName: {
        title: L('Họ và tên (điền sẵn)', 'Full name (prefilled)'), key: 'fullNameVn', icon: 'person',
        schema: { type: 'textfield', key: 'hoTen', label: L('Họ và tên', 'Full name'), input: true, validate: { required: true, maxLength: 200 }, properties: { prefill: 'fullName' } },
      },
    },
  };
  // Only what the server validates and the portal renders without outside services.
  return {
    noDefaultSubmitButton: false,
    builder: {
      vietnam: vn,
      basic: { default: false, weight: 10, components: { password: false } },
      advanced: { weight: 20, components: { url: false, tags: false, address: false, datetime: false, time: false, signature: false, survey: false, currency: true, day: true, phoneNumber: false } },
      layout: { weight: 30 },
      data: { weight: 40, components: { datamap: false, tree: false } },
      premium: false,
      resource: false,
    },
    // The JavaScript tabs are hidden by the no-eval mode; the Logic tab edits actions with code too.
    editForm: Object.fromEntries(['textfield', 'textarea', 'number', 'checkbox', 'select', 'selectboxes', 'radio', 'email', 'day', 'currency', 'panel', 'fieldset', 'columns', 'container', 'datagrid', 'editgrid', 'hidden', 'htmlelement', 'content', 'button', 'well', 'table', 'tabs', 'file'].map((t) => [t, editFormOverrides(t)])),
  };
}

/** Builder and renderer texts in Vietnamese (form.io's own i18n); English is form.io's default. */
export const FORMIO_VI: Record<string, string> = {
  'Drag and Drop a form component': 'Kéo thả một trường vào biểu mẫu',
  'Search field(s)': 'Tìm trường',
  Basic: 'Cơ bản', Advanced: 'Nâng cao', Layout: 'Bố cục', Data: 'Dữ liệu',
  Save: 'Lưu', Cancel: 'Hủy', Remove: 'Xóa', Preview: 'Xem trước', Help: 'Trợ giúp',
  Display: 'Hiển thị', Validation: 'Kiểm tra', API: 'Khóa dữ liệu', Conditional: 'Điều kiện hiển thị',
  Label: 'Nhãn', Placeholder: 'Gợi ý nhập', Description: 'Mô tả', Tooltip: 'Chú thích', Required: 'Bắt buộc',
  'Property Name': 'Khóa (tên thuộc tính)', 'Text Field': 'Ô văn bản', 'Text Area': 'Vùng văn bản', Number: 'Số',
  Checkbox: 'Ô đánh dấu', Select: 'Danh sách chọn', Radio: 'Nút chọn', 'Select Boxes': 'Nhiều lựa chọn', Email: 'Email',
  Day: 'Ngày (3 ô)', Currency: 'Tiền tệ', Panel: 'Khung', Columns: 'Cột', 'Field Set': 'Nhóm trường', Container: 'Nhóm dữ liệu',
  'Data Grid': 'Bảng nhập liệu', 'Edit Grid': 'Bảng sửa dòng', Hidden: 'Trường ẩn', Submit: 'Nộp hồ sơ', Content: 'Nội dung',
  'HTML Element': 'Phần tử HTML', Table: 'Bảng', Tabs: 'Thẻ', Well: 'Khối', Button: 'Nút', File: 'Tệp',
  required: '{{field}} là bắt buộc', pattern: '{{field}} không đúng định dạng',
  invalid_email: '{{field}} phải là email hợp lệ', error: 'Vui lòng sửa các lỗi sau trước khi nộp.',
  submit: 'Nộp hồ sơ', next: 'Tiếp', previous: 'Quay lại', cancel: 'Hủy', yes: 'Có', no: 'Không',
  'Add Another': 'Thêm dòng', addAnother: 'Thêm dòng', remove: 'Xóa', edit: 'Sửa', copy: 'Sao chép', move: 'Di chuyển', editJson: 'Sửa JSON',
  confirmComponentRemove: 'Bạn có chắc muốn xóa trường này?', typeToSearch: 'Gõ để tìm', noResultsFound: 'Không có kết quả', noChoices: 'Không có lựa chọn', loading: 'Đang tải',
  month: 'Tháng', day: 'Ngày', year: 'Năm',
};
