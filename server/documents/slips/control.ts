/**
 * Slip 05 (Mẫu số 05): the processing control slip. It follows the dossier from hand to hand:
 * every step with who held it, in which group or unit, when it was received and done, its due
 * time, and whether it was early, on time or late.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { toDate, vnDayKey, vnShortDateTime, type DateInput } from '../format.js';
import { field, formNumber, grid, nationalHeader, pageFooter, PORTRAIT_MARGINS, title } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import type { DossierSlipBase } from './types.js';

export interface ControlStep {
  /** The step as the process names it: "Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt". */
  name: string;
  /** The official who held it; absent while nobody has claimed it. */
  handler?: string;
  /** The group and unit: "Công chức Tư pháp - Hộ tịch, UBND phường Phúc Xá". */
  group: string;
  receivedAt: DateInput;
  dueAt?: DateInput;
  /** Absent while the step is still open. */
  doneAt?: DateInput;
  note?: string;
}

export interface ControlSlipData extends DossierSlipBase {
  receivedAt: DateInput;
  dueAt: DateInput;
  /** The unit that leads the processing, and those that take part (liên thông). */
  processingUnit?: string;
  cooperatingUnits?: string[];
  steps: ControlStep[];
}

export type StepOutcome = 'early' | 'on_time' | 'late' | 'in_progress' | 'overdue';

export const STEP_OUTCOME_LABELS: Record<StepOutcome, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  in_progress: 'Đang xử lý',
  overdue: 'Quá hạn (đang xử lý)',
};

/**
 * Done before its due time is on time; done on an earlier Vietnamese calendar day than the one
 * it was due is early. An open step is judged at `asOf`, the slip's own date, never "now", so
 * the same data always prints the same slip.
 */
export function classifyStep(step: Pick<ControlStep, 'dueAt' | 'doneAt'>, asOf: DateInput): StepOutcome {
  const due = step.dueAt === undefined ? undefined : toDate(step.dueAt).getTime();
  if (step.doneAt === undefined) {
    return due !== undefined && toDate(asOf).getTime() > due ? 'overdue' : 'in_progress';
  }
  if (due === undefined) return 'on_time';
  if (toDate(step.doneAt).getTime() > due) return 'late';
  return vnDayKey(step.doneAt) < vnDayKey(step.dueAt!) ? 'early' : 'on_time';
}

export async function renderControlSlip(data: ControlSlipData): Promise<Buffer> {
  const small = (text: string) => ({ text, fontSize: 8.5 });
  const rows = data.steps.map((step, i) => [
    { text: String(i + 1), alignment: 'center' as const },
    { stack: [{ text: step.name, bold: true }, small(step.handler ?? 'Chưa có người nhận'), small(step.group)] },
    small(vnShortDateTime(step.receivedAt)),
    small(step.dueAt === undefined ? '' : vnShortDateTime(step.dueAt)),
    small(step.doneAt === undefined ? '' : vnShortDateTime(step.doneAt)),
    { text: STEP_OUTCOME_LABELS[classifyStep(step, data.issuedAt)], bold: true, fontSize: 8.5 },
    small(step.note ?? ''),
  ]);
  const content: Content[] = [
    formNumber('Mẫu số 05'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', `Mã hồ sơ: ${data.dossierCode}`),
    field('Kèm theo hồ sơ của', data.applicant.name),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    field('Ngày nhận hồ sơ', vnShortDateTime(data.receivedAt)),
    field('Ngày hẹn trả kết quả', vnShortDateTime(data.dueAt)),
    field('Cơ quan (bộ phận) giải quyết hồ sơ', data.processingUnit ?? data.unit.name),
    ...(data.cooperatingUnits?.length ? [field('Cơ quan phối hợp giải quyết hồ sơ', data.cooperatingUnits.join('; '))] : []),
    grid(
      ['TT', 'Bước xử lý, người xử lý, nhóm/đơn vị', 'Nhận lúc', 'Hạn xử lý', 'Hoàn thành lúc', 'Kết quả', 'Ghi chú'],
      rows,
      [16, '*', 52, 52, 52, 50, 58],
      9,
    ),
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content, footer: pageFooter },
    { title: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${data.dossierCode}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
