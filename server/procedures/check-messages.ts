/**
 * The texts of the publish check list (checks.ts), in English and Vietnamese, keyed by check
 * code: the one place both are written. `message` stays English (the API as it was);
 * `messageVi` is what the studio shows first.
 */
import type { Text } from '../../runtime/check/index.js';

export type { Text };

const quoted = (items: readonly string[]) => items.map((item) => `"${item}"`).join(', ');

/** Notes a procedure import leaves for the designer (commands/import-procedures.ts). */
export const IMPORT_NOTES = {
  requiredWhen: (component: string, when: string): Text => ({
    en: `"${component}" is required when: ${when}. Write this as a FEEL condition over the form and make the component conditional.`,
    vi: `Thành phần hồ sơ "${component}" bắt buộc khi: ${when}. Hãy viết điều kiện này bằng FEEL theo các trường của biểu mẫu và chuyển thành phần sang loại bắt buộc theo điều kiện.`,
  }),
  feeWhen: (fee: string, when: string): Text => ({
    en: `Fee "${fee}" applies when: ${when}. Write this as a FEEL condition over the form.`,
    vi: `Khoản phí, lệ phí "${fee}" áp dụng khi: ${when}. Hãy viết điều kiện này bằng FEEL theo các trường của biểu mẫu.`,
  }),
  feePer: (fee: string, per: string): Text => ({
    en: `Fee "${fee}" is charged per ${per}. Choose the form field that holds the quantity.`,
    vi: `Khoản phí, lệ phí "${fee}" tính theo ${per}. Hãy chọn trường của biểu mẫu chứa số lượng.`,
  }),
};

/** The metadata fields the completeness check looks at, each with what is missing. */
export const METADATA_MISSING = {
  'metadata.name': { en: 'the service has no name', vi: 'Thủ tục chưa có tên' },
  'metadata.field': { en: 'the field (lĩnh vực) is missing', vi: 'Chưa chọn lĩnh vực' },
  'metadata.receivingUnitIds': { en: 'no receiving unit: citizens would have nowhere to apply', vi: 'Chưa chọn cơ quan tiếp nhận: người dân sẽ không có nơi nộp hồ sơ' },
  'metadata.result': { en: 'the result of the service is not described', vi: 'Chưa mô tả kết quả giải quyết thủ tục' },
  'metadata.resultChannels': { en: 'no way to return the result is chosen', vi: 'Chưa chọn hình thức trả kết quả' },
  'metadata.legalBasis': { en: 'no legal basis is given', vi: 'Chưa nêu căn cứ pháp lý' },
  'metadata.applicants': { en: 'who may apply is not said', vi: 'Chưa nêu đối tượng thực hiện thủ tục' },
} satisfies Record<string, Text>;

export type MetadataField = keyof typeof METADATA_MISSING;

/**
 * One entry per check code; `kind` picks the case when a check has several. The entry of a
 * passing check is `kind: 'pass'`. `satisfies` keeps each a function of its parameters.
 */
export const CHECK_MESSAGES = {
  'metadata.complete': (p: { kind: 'pass' | 'missing'; field?: MetadataField }): Text =>
    p.kind === 'missing' && p.field && METADATA_MISSING[p.field] ? METADATA_MISSING[p.field] : { en: 'the service is fully described', vi: 'Thông tin thủ tục đã đầy đủ' },

  'receiving_units.valid': (p: { kind: 'pass' | 'outside' | 'inactive'; agencyCode?: string }): Text =>
    p.kind === 'outside'
      ? { en: 'is not the owner unit or a unit below it', vi: 'Cơ quan tiếp nhận không phải đơn vị chủ quản hay một đơn vị trực thuộc' }
      : p.kind === 'inactive'
        ? { en: `unit ${p.agencyCode} is inactive`, vi: `Đơn vị ${p.agencyCode} đã ngừng hoạt động` }
        : { en: 'every receiving unit is the owner unit or below it', vi: 'Mọi cơ quan tiếp nhận đều là đơn vị chủ quản hoặc đơn vị trực thuộc' },

  'level.payment': (p: { kind: 'pass' | 'free' | 'no_provider' | 'no_step' }): Text => {
    switch (p.kind) {
      case 'no_provider':
        return {
          en: 'a full online service with fees needs online payment, and no payment provider is configured: configure one, or make the service partial',
          vi: 'Dịch vụ công trực tuyến toàn trình có thu phí, lệ phí cần thanh toán trực tuyến nhưng chưa cấu hình cổng thanh toán: hãy cấu hình, hoặc chuyển thủ tục sang một phần',
        };
      case 'no_step':
        return {
          en: 'fees due at a payment step need a payment step in the process (a service task with the request-payment connector)',
          vi: 'Phí, lệ phí thu ở bước thanh toán cần có bước thanh toán trong quy trình (bước tự động dùng bộ kết nối request-payment)',
        };
      case 'free':
        return { en: 'no fee to pay', vi: 'Không thu phí, lệ phí' };
      default:
        return { en: 'fees are paid online', vi: 'Phí, lệ phí được thanh toán trực tuyến' };
    }
  },

  'level.result': (p: { kind: 'pass' | 'not_online' }): Text =>
    p.kind === 'not_online'
      ? { en: 'a full online service must return its result online', vi: 'Dịch vụ công trực tuyến toàn trình phải trả kết quả trực tuyến' }
      : { en: 'the result is returned online', vi: 'Kết quả được trả trực tuyến' },

  'content.present': (p: { kind: 'pass' | 'empty' }): Text =>
    p.kind === 'empty'
      ? { en: 'the service needs a form with fields or at least one dossier component', vi: 'Thủ tục cần một biểu mẫu có trường nhập liệu hoặc ít nhất một thành phần hồ sơ' }
      : { en: 'the citizen has a form to fill or documents to attach', vi: 'Người nộp có biểu mẫu để điền hoặc giấy tờ để đính kèm' },

  /** A failing entry carries the form analysis' own text (form.ts writes both languages). */
  'form.structure': (p: { kind: 'pass' | 'problem'; problem?: Text }): Text =>
    p.kind === 'problem' && p.problem ? p.problem : { en: 'the form is well formed', vi: 'Biểu mẫu đúng cấu trúc' },
  'form.no_custom_code': (p: { kind: 'pass' | 'problem'; problem?: Text }): Text =>
    p.kind === 'problem' && p.problem ? p.problem : { en: 'the form runs no custom JavaScript', vi: 'Biểu mẫu không chạy mã JavaScript tự viết' },

  'conditions.valid': (p: { kind: 'pass' | 'parse' | 'unknown' | 'missing' | 'quantity'; error?: string; names?: readonly string[]; field?: string }): Text => {
    switch (p.kind) {
      case 'parse':
        return { en: `the condition does not parse: ${p.error}`, vi: `Điều kiện viết sai cú pháp: ${p.error}` };
      case 'unknown':
        return { en: `the condition reads ${quoted(p.names ?? [])}, which the form does not have`, vi: `Điều kiện dùng ${quoted(p.names ?? [])}, biểu mẫu không có trường này` };
      case 'missing':
        return { en: 'a conditional component needs its condition', vi: 'Thành phần hồ sơ bắt buộc theo điều kiện cần có điều kiện' };
      case 'quantity':
        return { en: `the quantity field "${p.field}" is not in the form`, vi: `Trường số lượng "${p.field}" không có trong biểu mẫu` };
      default:
        return { en: 'every condition parses and reads fields of the form', vi: 'Mọi điều kiện đều đúng cú pháp và dùng trường của biểu mẫu' };
    }
  },

  'fees.condition_pending': (p: { fee: string }): Text => ({
    en: `fee "${p.fee}" is not charged until its condition is written (or it is marked as always charged)`,
    vi: `Khoản phí, lệ phí "${p.fee}" chưa được thu cho đến khi viết điều kiện thu (hoặc đánh dấu luôn thu)`,
  }),

  /** Notes an import left: written in both languages when imported; older ones only in English. */
  'notes.resolved': (p: { text: string; textVi?: string }): Text => ({ en: p.text, vi: p.textVi || `Ghi chú khi nhập thủ tục (cần xử lý): ${p.text}` }),

  /** A failing entry carries the executable check's problem (runtime/check/messages.ts). */
  'process.executable': (p: { kind: 'pass' | 'no_process' | 'unreadable' | 'problem'; problem?: Text }): Text => {
    switch (p.kind) {
      case 'no_process':
        return { en: 'the service has no process', vi: 'Thủ tục chưa có quy trình xử lý' };
      case 'unreadable':
        return p.problem ?? { en: 'the diagram cannot be read', vi: 'Không đọc được sơ đồ quy trình' };
      case 'problem':
        return p.problem ?? { en: 'the process cannot run', vi: 'Quy trình không vận hành được' };
      default:
        return { en: 'the process can run', vi: 'Quy trình vận hành được' };
    }
  },

  'process.groups': (p: { kind: 'pass' | 'expression' | 'foreign_unit' | 'unstaffed' | 'no_user'; task?: string; group?: string; unit?: string; user?: string }): Text => {
    switch (p.kind) {
      case 'expression':
        return {
          en: `candidate group "${p.group}" is an expression: it can only be checked when a dossier runs`,
          vi: `Nhóm xử lý "${p.group}" là một biểu thức: chỉ kiểm tra được khi hồ sơ được xử lý`,
        };
      case 'foreign_unit':
        return {
          en: `task "${p.task}": unit ${p.unit} of group "${p.group}" is not in this province`,
          vi: `Bước "${p.task}": đơn vị ${p.unit} của nhóm xử lý "${p.group}" không thuộc tỉnh này`,
        };
      case 'unstaffed':
        return {
          en: `task "${p.task}": unit ${p.unit} has no group "${p.group}" with an active member`,
          vi: `Bước "${p.task}": đơn vị ${p.unit} chưa có nhóm xử lý "${p.group}" với thành viên đang hoạt động`,
        };
      case 'no_user':
        return {
          en: `task "${p.task}": user "${p.user}" is not an active account of this province`,
          vi: `Bước "${p.task}": người dùng "${p.user}" không phải tài khoản đang hoạt động của tỉnh này`,
        };
      default:
        return { en: 'every step has staffed groups in every receiving unit', vi: 'Mọi bước đều có nhóm xử lý có người tại mọi cơ quan tiếp nhận' };
    }
  },

  'process.step_forms': (p: { kind: 'pass' | 'expression' | 'external' | 'missing'; task?: string; key?: string; known?: readonly string[] }): Text => {
    switch (p.kind) {
      case 'expression':
        return {
          en: `task "${p.task}": form key "${p.key}" is an expression: it can only be checked when a dossier runs`,
          vi: `Bước "${p.task}": mã biểu mẫu "${p.key}" là một biểu thức: chỉ kiểm tra được khi hồ sơ được xử lý`,
        };
      case 'external':
        return {
          en: `task "${p.task}": form key "${p.key}" names an external form, which this platform does not show; officials will see the step without a form unless it names a step form of the service`,
          vi: `Bước "${p.task}": mã biểu mẫu "${p.key}" trỏ tới biểu mẫu bên ngoài mà hệ thống không hiển thị; cán bộ sẽ xử lý bước này không có biểu mẫu, trừ khi chọn một biểu mẫu bước của thủ tục`,
        };
      case 'missing': {
        const known = p.known ?? [];
        return {
          en: `task "${p.task}": step form "${p.key}" does not exist (the service has ${known.length ? quoted(known) : 'no step forms'})`,
          vi: `Bước "${p.task}": không có biểu mẫu bước "${p.key}" (thủ tục ${known.length ? `có ${quoted(known)}` : 'chưa có biểu mẫu bước nào'})`,
        };
      }
      default:
        return { en: 'every step form a task names exists', vi: 'Mọi biểu mẫu bước được nêu trong quy trình đều có' };
    }
  },

  'process.deadlines': (p: {
    kind: 'pass_days' | 'over_days' | 'share_in_days' | 'over_hours' | 'pass_hours';
    days?: number;
    limit?: number;
    hours?: number;
    perDay?: number;
    along?: string;
    task?: string;
    share?: number;
  }): Text => {
    switch (p.kind) {
      case 'over_days':
        return {
          en: `the deadline shares along ${p.along} add up to ${p.days} working days, more than the legal ${p.limit}`,
          vi: `Tổng thời hạn các bước theo ${p.along} là ${p.days} ngày làm việc, vượt thời hạn giải quyết ${p.limit} ngày theo quy định`,
        };
      case 'share_in_days':
        return {
          en: `task "${p.task}" has a share of ${p.share} working day(s), but the service is same-day: give its share in working hours (esb:deadlineHours)`,
          vi: `Bước "${p.task}" có thời hạn ${p.share} ngày làm việc nhưng thủ tục giải quyết trong ngày: hãy ghi thời hạn bằng giờ làm việc (esb:deadlineHours)`,
        };
      case 'over_hours':
        return {
          en: `the deadline shares along ${p.along} add up to ${p.hours} working hours, more than the one working day (${p.perDay} hours) of a same-day service`,
          vi: `Tổng thời hạn các bước theo ${p.along} là ${p.hours} giờ làm việc, vượt một ngày làm việc (${p.perDay} giờ) của thủ tục giải quyết trong ngày`,
        };
      case 'pass_hours':
        return {
          en: `the longest path takes ${p.hours} of the ${p.perDay} working hours of the same day`,
          vi: `Nhánh dài nhất mất ${p.hours} trên ${p.perDay} giờ làm việc trong ngày`,
        };
      default:
        return { en: `the longest path takes ${p.days} of ${p.limit} working days`, vi: `Nhánh dài nhất mất ${p.days} trên ${p.limit} ngày làm việc của thời hạn giải quyết` };
    }
  },

  'process.decisions': (p: { kind: 'pass' | 'not_a_task' | 'not_offered' | 'not_offered_by'; gateway?: string; task?: string; decision?: string; offers?: readonly string[] }): Text => {
    const offers = { en: p.offers?.length ? p.offers.join(', ') : 'none', vi: p.offers?.length ? p.offers.join(', ') : 'không có' };
    switch (p.kind) {
      case 'not_a_task':
        return {
          en: `gateway "${p.gateway}" tests the decision of "${p.task}", which is not a user task of the process`,
          vi: `Cổng rẽ nhánh "${p.gateway}" xét quyết định của "${p.task}", đây không phải bước xử lý của quy trình`,
        };
      case 'not_offered_by':
        return {
          en: `gateway "${p.gateway}" tests the decision "${p.decision}" of task "${p.task}", which does not offer it (it offers ${offers.en})`,
          vi: `Cổng rẽ nhánh "${p.gateway}" xét quyết định "${p.decision}" của bước "${p.task}" nhưng bước này không có quyết định đó (bước có: ${offers.vi})`,
        };
      case 'not_offered':
        return {
          en: `gateway "${p.gateway}" tests the decision "${p.decision}", which task "${p.task}" does not offer (it offers ${offers.en})`,
          vi: `Cổng rẽ nhánh "${p.gateway}" xét quyết định "${p.decision}" nhưng bước "${p.task}" không có quyết định này (bước có: ${offers.vi})`,
        };
      default:
        return { en: 'every decision a gateway tests is offered by the task before it', vi: 'Mọi quyết định mà cổng rẽ nhánh xét đều có ở bước xử lý trước đó' };
    }
  },

  'process.result_step': (p: { kind: 'pass' | 'missing' }): Text =>
    p.kind === 'missing'
      ? {
          en: 'no step returns the result (a user task offering return-result, or a service task with the issue-result connector)',
          vi: 'Chưa có bước trả kết quả (bước xử lý có quyết định return-result, hoặc bước tự động dùng bộ kết nối issue-result)',
        }
      : { en: 'the process returns a result', vi: 'Quy trình có bước trả kết quả' },
} satisfies Record<string, (params: never) => Text>;

export type CheckCode = keyof typeof CHECK_MESSAGES;
export type CheckParams<C extends CheckCode> = Parameters<(typeof CHECK_MESSAGES)[C]>[0];

export function checkText<C extends CheckCode>(code: C, params: CheckParams<C>): Text {
  return (CHECK_MESSAGES[code] as (p: CheckParams<C>) => Text)(params);
}
