/**
 * Every message of the executable check, in English and Vietnamese, keyed by problem code:
 * the one place both texts are written, so they cannot drift apart. The studio is Vietnamese
 * first; the API keeps `message` in English and adds `messageVi`.
 *
 * Text quoted from elsewhere (a parser's error, a FEEL error, a moddle warning) is kept as
 * it is inside the Vietnamese sentence: it names the exact place and cannot be translated.
 */
import { MAX_DIAGRAM_BYTES, type ModdleElement } from '../engine/definitions.js';
import type { ProblemCode } from './problems.js';

export interface Text {
  en: string;
  vi: string;
}

const clean = (text: unknown) => (typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '');
const firstLine = (text: string | undefined) => String(text ?? '').split('\n')[0].trim();
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "user task "Thẩm định" (Task_1)": how English messages name an element. */
export function label(element: ModdleElement): string {
  const kind = element.$type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const name = clean(element.name);
  return name ? `${kind} "${name}" (${element.id})` : `${kind} ${element.id}`;
}

const KIND_VI: Record<string, string> = {
  'bpmn:Definitions': 'tài liệu',
  'bpmn:Process': 'quy trình',
  'bpmn:Participant': 'bể (pool)',
  'bpmn:Task': 'bước',
  'bpmn:UserTask': 'bước xử lý',
  'bpmn:ManualTask': 'bước thủ công',
  'bpmn:ServiceTask': 'bước tự động',
  'bpmn:SendTask': 'bước gửi',
  'bpmn:ReceiveTask': 'bước chờ nhận',
  'bpmn:ScriptTask': 'bước chạy script',
  'bpmn:BusinessRuleTask': 'bước quy tắc nghiệp vụ',
  'bpmn:CallActivity': 'bước gọi quy trình',
  'bpmn:SubProcess': 'quy trình con',
  'bpmn:AdHocSubProcess': 'quy trình con ad-hoc',
  'bpmn:Transaction': 'giao dịch',
  'bpmn:ExclusiveGateway': 'cổng rẽ nhánh loại trừ',
  'bpmn:InclusiveGateway': 'cổng rẽ nhánh bao hàm',
  'bpmn:ParallelGateway': 'cổng song song',
  'bpmn:EventBasedGateway': 'cổng theo sự kiện',
  'bpmn:ComplexGateway': 'cổng phức hợp',
  'bpmn:StartEvent': 'sự kiện bắt đầu',
  'bpmn:EndEvent': 'sự kiện kết thúc',
  'bpmn:IntermediateCatchEvent': 'sự kiện chờ trung gian',
  'bpmn:IntermediateThrowEvent': 'sự kiện phát trung gian',
  'bpmn:BoundaryEvent': 'sự kiện biên',
  'bpmn:SequenceFlow': 'luồng',
};

/** The Vietnamese name of a BPMN type ("bước xử lý"); an unlisted type keeps its BPMN name. */
export function kindVi(type: string): string {
  return KIND_VI[type] ?? `phần tử ${type.replace(/^bpmn:/, '')}`;
}

/** "bước xử lý "Thẩm định" (Task_1)": how Vietnamese messages name an element. */
export function labelVi(element: ModdleElement): string {
  const name = clean(element.name);
  const kind = kindVi(element.$type);
  return name ? `${kind} "${name}" (${element.id})` : `${kind} ${element.id}`;
}

const EVENT_VI: Record<string, string> = {
  none: 'không loại',
  multiple: 'nhiều loại',
  message: 'thông điệp',
  timer: 'hẹn giờ',
  error: 'lỗi',
  escalation: 'chuyển cấp',
  signal: 'tín hiệu',
  conditional: 'điều kiện',
  compensate: 'bù trừ',
  compensation: 'bù trừ',
  link: 'liên kết',
  cancel: 'hủy',
  terminate: 'chấm dứt',
};
const eventEn = (kind: string) => (kind === 'none' ? 'None' : kind === 'multiple' ? 'Multiple-trigger' : kind[0].toUpperCase() + kind.slice(1));
const eventVi = (kind: string) => EVENT_VI[kind] ?? kind;

/** "sub-processes", "call activities": the plural of a BPMN type, for English messages. */
function pluralEn(type: string): string {
  if (type === 'nothing') return 'nothing';
  const words = type.replace(/^bpmn:/, '').replace(/SubProcess/, 'Sub-process').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (words.endsWith('y')) return `${words.slice(0, -1)}ies`;
  if (words.endsWith('s')) return `${words}es`;
  return `${words}s`;
}
const typeVi = (type: string) => (type === 'nothing' ? 'phần tử nào' : kindVi(type));

/**
 * Why an element cannot run (runtime/check/elements.ts), both languages. Each is a reason
 * of the `element.unsupported` (or `script.refused`) problem.
 */
export const UNSUPPORTED = {
  refusedType: (type: string): Text => {
    const known: Record<string, Text> = {
      'bpmn:ScriptTask': { en: 'Script tasks are refused: a designer must not be able to run code on the server', vi: 'Không chấp nhận bước chạy script: người thiết kế không được chạy mã lệnh trên máy chủ' },
      'bpmn:BusinessRuleTask': { en: 'Business rule tasks (DMN decisions) are not supported; decide with gateway conditions in FEEL', vi: 'Chưa hỗ trợ bước quy tắc nghiệp vụ (bảng quyết định DMN); hãy quyết định bằng điều kiện FEEL trên cổng rẽ nhánh' },
      'bpmn:CallActivity': { en: 'Call activities are not supported; draw the steps in this process or in an embedded sub-process', vi: 'Chưa hỗ trợ bước gọi quy trình khác; hãy vẽ các bước ngay trong quy trình này hoặc trong một quy trình con' },
      'bpmn:EventBasedGateway': { en: 'Event-based gateways are not supported; use a boundary timer on the waiting task instead', vi: 'Chưa hỗ trợ cổng theo sự kiện; hãy dùng sự kiện biên hẹn giờ trên bước đang chờ' },
      'bpmn:ComplexGateway': { en: 'Complex gateways are not supported; use exclusive, parallel or inclusive gateways', vi: 'Chưa hỗ trợ cổng phức hợp; hãy dùng cổng loại trừ, song song hoặc bao hàm' },
      'bpmn:Transaction': { en: 'Transactions are not supported', vi: 'Chưa hỗ trợ giao dịch (transaction)' },
      'bpmn:AdHocSubProcess': { en: 'Ad-hoc sub-processes are not supported', vi: 'Chưa hỗ trợ quy trình con ad-hoc' },
    };
    return known[type] ?? UNSUPPORTED.element(type);
  },
  isRefusedType: (type: string): boolean => ['bpmn:ScriptTask', 'bpmn:BusinessRuleTask', 'bpmn:CallActivity', 'bpmn:EventBasedGateway', 'bpmn:ComplexGateway', 'bpmn:Transaction', 'bpmn:AdHocSubProcess'].includes(type),
  element: (type: string): Text => ({ en: `${type.replace(/^bpmn:/, '')} elements are not supported`, vi: `Chưa hỗ trợ ${kindVi(type)}` }),
  startInSubprocess: (kind: string): Text => ({
    en: `A sub-process starts with a none start event; a ${kind} start event is supported only at the start of the process`,
    vi: `Quy trình con phải bắt đầu bằng sự kiện bắt đầu không loại; sự kiện bắt đầu loại ${eventVi(kind)} chỉ dùng được ở đầu quy trình chính`,
  }),
  startEvent: (kind: string): Text => ({ en: `${eventEn(kind)} start events are not supported (none, message and timer are)`, vi: `Chưa hỗ trợ sự kiện bắt đầu loại ${eventVi(kind)} (chỉ hỗ trợ không loại, thông điệp và hẹn giờ)` }),
  endEvent: (kind: string): Text => ({ en: `${eventEn(kind)} end events are not supported (none, terminate and error are)`, vi: `Chưa hỗ trợ sự kiện kết thúc loại ${eventVi(kind)} (chỉ hỗ trợ không loại, chấm dứt và lỗi)` }),
  catchEvent: (kind: string): Text => ({ en: `${eventEn(kind)} intermediate catch events are not supported (timer and message are)`, vi: `Chưa hỗ trợ sự kiện chờ trung gian loại ${eventVi(kind)} (chỉ hỗ trợ hẹn giờ và thông điệp)` }),
  throwEvent: (kind: string): Text => ({ en: `${eventEn(kind)} intermediate throw events are not supported (only a none event, as a milestone)`, vi: `Chưa hỗ trợ sự kiện phát trung gian loại ${eventVi(kind)} (chỉ hỗ trợ sự kiện không loại, làm mốc)` }),
  boundaryEvent: (kind: string): Text => ({ en: `${eventEn(kind)} boundary events are not supported (timer, error and escalation are)`, vi: `Chưa hỗ trợ sự kiện biên loại ${eventVi(kind)} (chỉ hỗ trợ hẹn giờ, lỗi và chuyển cấp)` }),
  eventSubProcess: (): Text => ({ en: 'Event sub-processes are not supported; use boundary events on the task concerned', vi: 'Chưa hỗ trợ quy trình con theo sự kiện; hãy dùng sự kiện biên trên bước liên quan' }),
  boundaryTimerHost: (hostType: string): Text => ({ en: `Boundary timers are supported on user tasks only, not on ${pluralEn(hostType)}`, vi: `Sự kiện biên hẹn giờ chỉ gắn được vào bước xử lý, không gắn vào ${typeVi(hostType)}` }),
  boundaryEscalationHost: (hostType: string): Text => ({ en: `Boundary escalation events are supported on user tasks only, not on ${pluralEn(hostType)}`, vi: `Sự kiện biên chuyển cấp chỉ gắn được vào bước xử lý, không gắn vào ${typeVi(hostType)}` }),
  boundaryErrorHost: (hostType: string): Text => ({
    en: `Boundary error events are supported on user, service and send tasks and sub-processes, not on ${pluralEn(hostType)}`,
    vi: `Sự kiện biên lỗi chỉ gắn được vào bước xử lý, bước tự động, bước gửi và quy trình con, không gắn vào ${typeVi(hostType)}`,
  }),
  nonInterruptingError: (): Text => ({ en: 'A boundary error event always interrupts its task', vi: 'Sự kiện biên lỗi luôn ngắt bước mà nó gắn vào' }),
  loop: (): Text => ({ en: 'Loop activities are not supported; draw the loop with a gateway', vi: 'Chưa hỗ trợ bước lặp; hãy vẽ vòng lặp bằng cổng rẽ nhánh' }),
  multiInstanceHost: (type: string): Text => ({ en: `Multi-instance is supported on user tasks only, not on ${pluralEn(type)}`, vi: `Xử lý nhiều phiên bản chỉ dùng được cho bước xử lý, không dùng cho ${typeVi(type)}` }),
  unloadable: (type: string): Text => ({
    en: `${type.replace(/^bpmn:/, '')} elements cannot be loaded by the workflow engine, even in a pool that is not executable`,
    vi: `Bộ máy quy trình không nạp được ${kindVi(type)}, kể cả trong bể (pool) không thực thi`,
  }),
  sequential: (): Text => ({ en: 'Sequential multi-instance is not supported; use parallel multi-instance', vi: 'Chưa hỗ trợ xử lý nhiều phiên bản tuần tự; hãy dùng nhiều phiên bản song song' }),
};

/** Why a literal timer value is wrong (runtime/check/expressions.ts). */
export const TIMER_VALUE = {
  empty: (): Text => ({ en: 'is empty', vi: 'đang để trống' }),
  duration: (): Text => ({ en: 'is not an ISO 8601 duration such as P3D or PT4H', vi: 'không phải khoảng thời gian theo ISO 8601, ví dụ P3D hoặc PT4H' }),
  date: (): Text => ({ en: 'is not an ISO 8601 date such as 2025-09-02T08:00:00+07:00', vi: 'không phải ngày giờ theo ISO 8601, ví dụ 2025-09-02T08:00:00+07:00' }),
  cycle: (): Text => ({ en: 'is not an ISO 8601 repeating interval such as R3/PT10M (cron cycles are not supported)', vi: 'không phải chu kỳ lặp theo ISO 8601, ví dụ R3/PT10M (không hỗ trợ cú pháp cron)' }),
};

type E = ModdleElement;
/** What the element-bound messages receive: `element` is the element the problem is on. */
type On<P = object> = P & { element: E };

const definitionTexts = {
  'definition.not_text': (_: { detail?: string }): Text => ({ en: 'The diagram must be BPMN XML text', vi: 'Sơ đồ quy trình phải là văn bản BPMN XML' }),
  'definition.empty': (_: { detail?: string }): Text => ({ en: 'The diagram is empty', vi: 'Sơ đồ quy trình đang trống' }),
  'definition.too_large': (_: { detail?: string }): Text => {
    const mb = MAX_DIAGRAM_BYTES / 1024 / 1024;
    return { en: `The diagram is larger than ${mb} MB`, vi: `Sơ đồ quy trình lớn hơn ${mb} MB` };
  },
  'definition.doctype_refused': (p: { detail?: string }): Text => ({
    en: `The diagram contains a <!${p.detail ?? 'DOCTYPE'}> declaration; document type and entity declarations are refused`,
    vi: `Sơ đồ quy trình có khai báo <!${p.detail ?? 'DOCTYPE'}>; không chấp nhận khai báo kiểu tài liệu (DOCTYPE) và thực thể (ENTITY)`,
  }),
  'definition.malformed_xml': (p: { detail?: string }): Text => ({ en: `The diagram is not well-formed BPMN XML: ${firstLine(p.detail)}`, vi: `Sơ đồ quy trình không phải BPMN XML hợp lệ: ${firstLine(p.detail)}` }),
  'definition.not_bpmn': (_: { detail?: string }): Text => ({ en: 'The document is not a BPMN 2.0 <definitions> document', vi: 'Tệp không phải tài liệu BPMN 2.0 (thiếu thẻ <definitions>)' }),
  'definition.unsupported_type': (p: { detail?: string }): Text => ({ en: `The diagram cannot be prepared for execution: ${p.detail}`, vi: `Không thể chuẩn bị sơ đồ quy trình để vận hành: ${p.detail}` }),
};

/** Our own extension properties (runtime/engine/extension.ts reports them in English). */
const esb = (p: On<{ attribute: string; value?: string; invalidKeys?: readonly string[]; duplicateKeys?: readonly string[] }>): Text => {
  const at = { en: `(on the ${label(p.element)})`, vi: `(tại ${labelVi(p.element)})` };
  switch (p.attribute) {
    case 'esb:deadlineShare':
      return { en: `esb:deadlineShare must be a non-negative number of working days, got "${p.value}" ${at.en}`, vi: `esb:deadlineShare (phần thời hạn) phải là số ngày làm việc không âm, đang là "${p.value}" ${at.vi}` };
    case 'esb:deadlineHours':
      return { en: `esb:deadlineHours must be a non-negative number of working hours, got "${p.value}" ${at.en}`, vi: `esb:deadlineHours (phần thời hạn) phải là số giờ làm việc không âm, đang là "${p.value}" ${at.vi}` };
    case 'esb:dossierStatus':
      return { en: `esb:dossierStatus must be a dossier status from 1 to 10, got "${p.value}" ${at.en}`, vi: `esb:dossierStatus phải là trạng thái hồ sơ từ 1 đến 10, đang là "${p.value}" ${at.vi}` };
    case 'esb:decisions': {
      const bad = p.invalidKeys?.length ? p.invalidKeys.map((k) => `"${k}"`).join(', ') : '';
      const reason = bad
        ? { en: `invalid key(s) ${bad}`, vi: `mã không hợp lệ ${bad}` }
        : { en: `duplicate key(s) ${p.duplicateKeys?.join(', ')}`, vi: `mã bị trùng ${p.duplicateKeys?.join(', ')}` };
      return { en: `esb:decisions must be a comma list of decision keys (letters, digits, - and _): ${reason.en} ${at.en}`, vi: `esb:decisions phải là danh sách mã quyết định cách nhau bằng dấu phẩy (chữ, số, - và _): ${reason.vi} ${at.vi}` };
    }
    case 'esb:connector':
      return { en: `esb:connector must be a connector name (lower case letters, digits and -), got "${p.value}" ${at.en}`, vi: `esb:connector phải là tên bộ kết nối (chữ thường, số và -), đang là "${p.value}" ${at.vi}` };
    case 'esb:input':
      return p.value
        ? { en: `esb:input "${p.value}" is given twice ${at.en}`, vi: `Tham số đầu vào esb:input "${p.value}" bị khai báo hai lần ${at.vi}` }
        : { en: `esb:input needs a name ${at.en}`, vi: `Tham số đầu vào esb:input cần có tên ${at.vi}` };
    case 'conflict':
      return { en: `esb:deadlineShare and esb:deadlineHours are exclusive: give one of them ${at.en}`, vi: `Chỉ được khai báo một trong hai: esb:deadlineShare (ngày) hoặc esb:deadlineHours (giờ) ${at.vi}` };
    default:
      return { en: `${p.attribute} is invalid ${at.en}`, vi: `${p.attribute} không hợp lệ ${at.vi}` };
  }
};

/** The messages of every problem code. `satisfies` makes the compiler refuse a code left out. */
export const PROBLEM_MESSAGES = {
  ...definitionTexts,
  'diagram.unresolved_reference': (p: { warning: string; property: string; element?: E }): Text => ({
    en: `${p.warning} in ${p.property}${p.element ? ` of the ${label(p.element)}` : ''}`,
    vi: `Tham chiếu không tìm thấy ở thuộc tính ${p.property}${p.element ? ` của ${labelVi(p.element)}` : ''}: ${p.warning}`,
  }),
  'diagram.xml_warning': (p: { warning: string }): Text => ({ en: String(p.warning), vi: `Cảnh báo khi đọc tệp XML: ${p.warning}` }),
  'diagram.not_loadable': (p: { reason: string; partial?: boolean }): Text =>
    p.partial
      ? { en: `The diagram could not be checked completely: ${p.reason}`, vi: `Không kiểm tra được đầy đủ sơ đồ quy trình: ${p.reason}` }
      : { en: `The workflow engine cannot load this diagram: ${p.reason}`, vi: `Bộ máy quy trình không nạp được sơ đồ này: ${p.reason}` },

  'process.none_executable': (p: { processes: number }): Text =>
    p.processes === 0
      ? { en: 'The diagram contains no process', vi: 'Sơ đồ không có quy trình nào' }
      : p.processes === 1
        ? { en: 'The process is not marked executable (isExecutable="true")', vi: 'Quy trình chưa được đánh dấu là thực thi được (isExecutable="true")' }
        : {
            en: 'No pool is marked executable: mark the pool the officials work in as executable (isExecutable="true")',
            vi: 'Chưa có bể (pool) nào được đánh dấu thực thi được: hãy đánh dấu bể của cán bộ xử lý là thực thi được (isExecutable="true")',
          },
  'process.several_executable': (p: { pool: Text }): Text => ({
    en: `Only one process may be executable; ${p.pool.en} is a second one: mark the other pools as not executable`,
    vi: `Chỉ một quy trình được thực thi; ${p.pool.vi} là quy trình thứ hai: hãy bỏ đánh dấu thực thi ở các bể (pool) khác`,
  }),
  'process.skipped': (p: { pool: Text }): Text => ({
    en: `${p.pool.en} is not executable: it is not run and not checked`,
    vi: `${p.pool.vi} không được đánh dấu thực thi: không được chạy và không được kiểm tra`,
  }),

  'element.unsupported': (p: On<{ reason: Text }>): Text => ({ en: `${p.reason.en} (${label(p.element)})`, vi: `${p.reason.vi} (${labelVi(p.element)})` }),
  'script.refused': (p: On<{ reason?: Text }>): Text =>
    p.reason
      ? { en: `${p.reason.en} (${label(p.element)})`, vi: `${p.reason.vi} (${labelVi(p.element)})` }
      : { en: `The ${label(p.element)} maps its input or output with a script: scripts are never run`, vi: `${cap(labelVi(p.element))} ánh xạ đầu vào hoặc đầu ra bằng script: script không bao giờ được chạy` },
  'call_activity.missing_process': (p: On<{ called?: string }>): Text =>
    p.called
      ? { en: `The ${label(p.element)} calls the process "${p.called}", which is not in this diagram`, vi: `${cap(labelVi(p.element))} gọi quy trình "${p.called}", quy trình này không có trong sơ đồ` }
      : { en: `The ${label(p.element)} names no process to call`, vi: `${cap(labelVi(p.element))} chưa chỉ ra quy trình cần gọi` },
  'multi_instance.no_collection': (p: On): Text => ({
    en: `The multi-instance ${label(p.element)} needs camunda:collection or a loop cardinality: how many instances to create`,
    vi: `${cap(labelVi(p.element))} xử lý nhiều phiên bản cần camunda:collection hoặc số lần lặp (loop cardinality) để biết tạo bao nhiêu phiên bản`,
  }),

  'condition.script': (p: On<{ language: string }>): Text => ({
    en: `The condition of the ${label(p.element)} is written in ${p.language}: only FEEL (or simple \${…} JUEL) conditions run here, never scripts`,
    vi: `Điều kiện của ${labelVi(p.element)} viết bằng ${p.language}: chỉ chạy điều kiện FEEL (hoặc JUEL đơn giản \${…}), không bao giờ chạy script`,
  }),
  'condition.empty': (p: On): Text => ({ en: `The condition of the ${label(p.element)} is empty`, vi: `Điều kiện của ${labelVi(p.element)} đang để trống` }),
  'condition.invalid': (p: On<{ reason: string }>): Text => ({ en: `The condition of the ${label(p.element)} cannot be used: ${p.reason}`, vi: `Điều kiện của ${labelVi(p.element)} không dùng được: ${p.reason}` }),
  'expression.invalid': (p: On<{ attribute: string; text: string; reason: string }>): Text => ({
    en: `${p.attribute}="${p.text}" on the ${label(p.element)} cannot be used: ${p.reason}`,
    vi: `Không dùng được ${p.attribute}="${p.text}" tại ${labelVi(p.element)}: ${p.reason}`,
  }),
  'expression.not_an_expression': (p: On<{ attribute: string; text: string }>): Text => ({
    en: `${p.attribute}="${p.text}" on the ${label(p.element)} must be an expression: \${…} (JUEL) or =… (FEEL)`,
    vi: `${p.attribute}="${p.text}" tại ${labelVi(p.element)} phải là một biểu thức: \${…} (JUEL) hoặc =… (FEEL)`,
  }),
  'timer.missing_value': (p: On): Text => ({ en: `The timer of the ${label(p.element)} has no duration, date or cycle`, vi: `Bộ hẹn giờ của ${labelVi(p.element)} chưa có khoảng thời gian, ngày giờ hay chu kỳ` }),
  'timer.invalid_value': (p: On<{ types?: readonly string[]; type?: string; text?: string; reason?: Text }>): Text =>
    p.reason
      ? { en: `The ${p.type} "${p.text}" of the ${label(p.element)} ${p.reason.en}`, vi: `Giá trị ${p.type} "${p.text}" của ${labelVi(p.element)} ${p.reason.vi}` }
      : { en: `The timer of the ${label(p.element)} has both ${p.types?.join(' and ')}; give one`, vi: `Bộ hẹn giờ của ${labelVi(p.element)} có cùng lúc ${p.types?.join(' và ')}; chỉ được khai báo một` },

  'user_task.unassigned': (p: On): Text => ({
    en: `The ${label(p.element)} has no candidate group, candidate user or assignee: nobody would see it in a work queue`,
    vi: `${cap(labelVi(p.element))} chưa có nhóm xử lý, người xử lý dự kiến hay người được giao: không ai thấy bước này trong danh sách việc`,
  }),
  'service_task.java': (p: On<{ attribute: string; value: string }>): Text => ({
    en: `The ${label(p.element)} calls Java (camunda:${p.attribute}="${p.value}"), which cannot run here; choose a connector (esb:connector)`,
    vi: `${cap(labelVi(p.element))} gọi mã Java (camunda:${p.attribute}="${p.value}"), không chạy được ở đây; hãy chọn một bộ kết nối (esb:connector)`,
  }),
  'service_task.external': (p: On): Text => ({
    en: `The ${label(p.element)} is a Camunda external task; choose a connector (esb:connector) instead`,
    vi: `${cap(labelVi(p.element))} là tác vụ ngoài (external task) của Camunda; hãy chọn một bộ kết nối (esb:connector) thay thế`,
  }),
  'service_task.camunda_connector': (p: On): Text => ({
    en: `The ${label(p.element)} uses a Camunda connector; choose one of ours (esb:connector) instead`,
    vi: `${cap(labelVi(p.element))} dùng bộ kết nối của Camunda; hãy chọn một bộ kết nối của hệ thống (esb:connector) thay thế`,
  }),
  'service_task.no_connector': (p: On): Text => ({
    en: `The ${label(p.element)} names no connector (esb:connector): it would do nothing`,
    vi: `${cap(labelVi(p.element))} chưa chọn bộ kết nối (esb:connector): bước này sẽ không làm gì`,
  }),
  'service_task.unknown_connector': (p: On<{ connector: string; known: string }>): Text => ({
    en: `The ${label(p.element)} names the connector "${p.connector}", which does not exist (known: ${p.known})`,
    vi: `${cap(labelVi(p.element))} dùng bộ kết nối "${p.connector}" không tồn tại (các bộ kết nối có: ${p.known})`,
  }),
  'camunda.listener': (p: On<{ taskListener: boolean }>): Text => ({
    en: `The ${label(p.element)} has a Camunda ${p.taskListener ? 'task' : 'execution'} listener (Java or script), which never runs here`,
    vi: `${cap(labelVi(p.element))} có bộ lắng nghe ${p.taskListener ? 'tác vụ (task listener)' : 'thực thi (execution listener)'} của Camunda (Java hoặc script), không bao giờ chạy ở đây`,
  }),
  'camunda.input_output_ignored': (p: On): Text => ({
    en: `The ${label(p.element)} has Camunda input/output mappings, which the runtime does not apply`,
    vi: `${cap(labelVi(p.element))} có ánh xạ đầu vào/đầu ra của Camunda, hệ thống sẽ bỏ qua các ánh xạ này`,
  }),
  'esb.invalid_number': esb,
  'esb.invalid_status': esb,
  'esb.invalid_decisions': esb,
  'esb.invalid_connector': esb,
  'esb.invalid_input': esb,
  'esb.conflict': esb,

  'gateway.no_default': (p: On): Text => ({
    en: `The conditions leaving the ${label(p.element)} may all be false and it has no default flow: mark one flow as default`,
    vi: `Các điều kiện đi ra từ ${labelVi(p.element)} có thể cùng sai mà không có luồng mặc định: hãy đánh dấu một luồng là mặc định`,
  }),
  'gateway.unconditional_flow': (p: On<{ gateway: E }>): Text => ({
    en: `The ${label(p.element)} leaves the ${label(p.gateway)} without a condition and is not its default flow: give it a condition or make it the default`,
    vi: `${cap(labelVi(p.element))} đi ra từ ${labelVi(p.gateway)} mà không có điều kiện và không phải luồng mặc định: hãy đặt điều kiện hoặc đánh dấu là luồng mặc định`,
  }),
  'gateway.default_has_condition': (p: On<{ gateway: E }>): Text => ({
    en: `The ${label(p.element)} is the default flow of the ${label(p.gateway)} and also has a condition; a default flow is taken when no condition holds, so remove the condition`,
    vi: `${cap(labelVi(p.element))} là luồng mặc định của ${labelVi(p.gateway)} nhưng lại có điều kiện; luồng mặc định được đi khi không điều kiện nào đúng, hãy bỏ điều kiện này`,
  }),
  'gateway.invalid_default': (p: On<{ flowId: string }>): Text => ({
    en: `The default flow of the ${label(p.element)} (${p.flowId}) does not leave it`,
    vi: `Luồng mặc định của ${labelVi(p.element)} (${p.flowId}) không đi ra từ phần tử này`,
  }),
  'gateway.condition_ignored': (p: On): Text => ({
    en: `The condition of the ${label(p.element)} is ignored: every flow out of a parallel gateway is taken`,
    vi: `Điều kiện của ${labelVi(p.element)} bị bỏ qua: mọi luồng ra khỏi cổng song song đều được đi`,
  }),
  'flow.conditions_may_all_fail': (p: On): Text => ({
    en: `Every flow leaving the ${label(p.element)} has a condition, they may all be false, and there is no default flow`,
    vi: `Mọi luồng đi ra từ ${labelVi(p.element)} đều có điều kiện, các điều kiện có thể cùng sai và không có luồng mặc định`,
  }),

  'graph.no_start': (p: On<{ scope: 'process' | 'subprocess' | 'empty' }>): Text =>
    p.scope === 'empty'
      ? { en: `The ${label(p.element)} is empty: it has no start event, steps or end event`, vi: `${cap(labelVi(p.element))} đang trống: chưa có sự kiện bắt đầu, bước xử lý hay sự kiện kết thúc` }
      : p.scope === 'process'
        ? { en: 'The process has no start event', vi: 'Quy trình chưa có sự kiện bắt đầu' }
        : { en: `The ${label(p.element)} has no start event`, vi: `${cap(labelVi(p.element))} chưa có sự kiện bắt đầu` },
  'graph.no_end': (p: On<{ scope: 'process' | 'subprocess' }>): Text =>
    p.scope === 'process'
      ? { en: 'The process has no end event', vi: 'Quy trình chưa có sự kiện kết thúc' }
      : { en: `The ${label(p.element)} has no end event`, vi: `${cap(labelVi(p.element))} chưa có sự kiện kết thúc` },
  'graph.unreachable': (p: On): Text => ({ en: `The ${label(p.element)} cannot be reached from a start event`, vi: `Không đi tới được ${labelVi(p.element)} từ sự kiện bắt đầu nào` }),
  'graph.cannot_reach_end': (p: On): Text => ({ en: `No path leads from the ${label(p.element)} to an end event`, vi: `Không có đường nào đi từ ${labelVi(p.element)} tới sự kiện kết thúc` }),
  'graph.dead_end': (p: On): Text => ({
    en: `The ${label(p.element)} has no outgoing sequence flow and is not an end event`,
    vi: `${cap(labelVi(p.element))} không có luồng đi ra và không phải sự kiện kết thúc`,
  }),
  'graph.loop_without_wait': (p: { ids: string }): Text => ({
    en: `A loop with no waiting step (user or receive task, message or timer event; a manual task does not wait) runs through ${p.ids}: an instance would go round it without end`,
    vi: `Vòng lặp qua ${p.ids} không có bước chờ nào (bước xử lý, bước chờ nhận, sự kiện thông điệp hoặc hẹn giờ; bước thủ công không tính là chờ): hồ sơ sẽ quay vòng mãi không dừng`,
  }),
} satisfies Record<ProblemCode, (params: never) => Text>;

export type MessageParams<C extends ProblemCode> = Parameters<(typeof PROBLEM_MESSAGES)[C]>[0];

/** The pool's name in both languages, for the messages about pools. */
export function poolText(process: E, pool: E | undefined): Text {
  const name = clean(pool?.name) || clean(process.name);
  return name
    ? { en: `The pool "${name}" (process ${process.id})`, vi: `Bể (pool) "${name}" (quy trình ${process.id})` }
    : { en: `The process ${process.id}`, vi: `Quy trình ${process.id}` };
}
