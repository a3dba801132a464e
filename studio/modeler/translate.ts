/**
 * bpmn-js's texts in the app's language: the standard `translate` service replaced (diagram-js
 * `i18n/translate`), with Vietnamese for the palette, the context pad and the replace menu
 * entries a designer uses. In English, and for a text not listed, bpmn-js's own English stays.
 * The language is read at each call; the app re-renders the step when the language changes.
 */
import { lang } from '../../ui/i18n.js';

export const VI: Record<string, string> = {
  // Palette.
  'Activate hand tool': 'Công cụ kéo sơ đồ',
  'Activate lasso tool': 'Công cụ chọn vùng',
  'Activate create/remove space tool': 'Công cụ thêm/bớt khoảng trống',
  'Activate global connect tool': 'Công cụ nối phần tử',
  'Create start event': 'Tạo sự kiện bắt đầu',
  'Create intermediate/boundary event': 'Tạo sự kiện trung gian/biên',
  'Create end event': 'Tạo sự kiện kết thúc',
  'Create gateway': 'Tạo cổng rẽ nhánh',
  'Create task': 'Tạo công việc',
  'Create data object reference': 'Tạo tham chiếu đối tượng dữ liệu',
  'Create data store reference': 'Tạo tham chiếu kho dữ liệu',
  'Create expanded sub-process': 'Tạo quy trình con (mở rộng)',
  'Create pool/participant': 'Tạo pool/bên tham gia',
  'Create group': 'Tạo nhóm',
  // Context pad.
  'Append task': 'Nối thêm công việc',
  'Append end event': 'Nối thêm sự kiện kết thúc',
  'Append gateway': 'Nối thêm cổng rẽ nhánh',
  'Append intermediate/boundary event': 'Nối thêm sự kiện trung gian/biên',
  'Append receive task': 'Nối thêm công việc nhận tin',
  'Append message intermediate catch event': 'Nối thêm sự kiện chờ thông điệp',
  'Append timer intermediate catch event': 'Nối thêm sự kiện chờ hẹn giờ',
  'Append conditional intermediate catch event': 'Nối thêm sự kiện chờ điều kiện',
  'Append signal intermediate catch event': 'Nối thêm sự kiện chờ tín hiệu',
  'Append compensation activity': 'Nối thêm hoạt động bù trừ',
  'Add text annotation': 'Thêm ghi chú',
  'Add lane above': 'Thêm làn phía trên',
  'Add lane below': 'Thêm làn phía dưới',
  'Divide into two lanes': 'Chia thành hai làn',
  'Divide into three lanes': 'Chia thành ba làn',
  'Change element': 'Đổi loại phần tử',
  'Connect to other element': 'Nối tới phần tử khác',
  'Connect using association': 'Nối bằng liên kết',
  'Connect using data input association': 'Nối bằng liên kết dữ liệu vào',
  'Delete': 'Xóa',
  // Replace menu.
  'Task': 'Công việc',
  'User task': 'Công việc của người dùng',
  'Service task': 'Công việc tự động (dịch vụ)',
  'Send task': 'Công việc gửi tin',
  'Receive task': 'Công việc nhận tin',
  'Manual task': 'Công việc thủ công',
  'Business rule task': 'Công việc theo quy tắc nghiệp vụ',
  'Script task': 'Công việc chạy script',
  'Call activity': 'Gọi quy trình khác',
  'Sub-process (collapsed)': 'Quy trình con (thu gọn)',
  'Sub-process (expanded)': 'Quy trình con (mở rộng)',
  'Event sub-process': 'Quy trình con theo sự kiện',
  'Transaction': 'Giao dịch',
  'Exclusive gateway': 'Cổng rẽ một nhánh (XOR)',
  'Parallel gateway': 'Cổng song song (AND)',
  'Inclusive gateway': 'Cổng rẽ nhiều nhánh (OR)',
  'Event-based gateway': 'Cổng theo sự kiện',
  'Complex gateway': 'Cổng phức hợp',
  'Start event': 'Sự kiện bắt đầu',
  'Message start event': 'Sự kiện bắt đầu bằng thông điệp',
  'Timer start event': 'Sự kiện bắt đầu hẹn giờ',
  'End event': 'Sự kiện kết thúc',
  'Message end event': 'Sự kiện kết thúc gửi thông điệp',
  'Error end event': 'Sự kiện kết thúc báo lỗi',
  'Terminate end event': 'Sự kiện kết thúc toàn bộ',
  'Intermediate throw event': 'Sự kiện trung gian phát',
  'Message intermediate catch event': 'Sự kiện chờ thông điệp',
  'Message intermediate throw event': 'Sự kiện gửi thông điệp',
  'Timer intermediate catch event': 'Sự kiện chờ hẹn giờ',
  'Timer boundary event': 'Sự kiện biên hẹn giờ',
  'Timer boundary event (non-interrupting)': 'Sự kiện biên hẹn giờ (không ngắt)',
  'Message boundary event': 'Sự kiện biên thông điệp',
  'Error boundary event': 'Sự kiện biên lỗi',
  'Sequence flow': 'Luồng tuần tự',
  'Default flow': 'Luồng mặc định',
  'Conditional flow': 'Luồng có điều kiện',
  'Data object reference': 'Tham chiếu đối tượng dữ liệu',
  'Data store reference': 'Tham chiếu kho dữ liệu',
  'Parallel multi-instance': 'Lặp song song nhiều lần',
  'Sequential multi-instance': 'Lặp tuần tự nhiều lần',
  'Loop': 'Vòng lặp',
  'Toggle non-interrupting': 'Bật/tắt không ngắt',
  'Search in diagram': 'Tìm trong sơ đồ',
};

/** bpmn-js's translate: `{name}` placeholders filled from `replacements`. */
export function translate(template: string, replacements: Record<string, string> = {}): string {
  const text = lang() === 'vi' ? VI[template] ?? template : template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

export const translateModule = { translate: ['value', translate] };
