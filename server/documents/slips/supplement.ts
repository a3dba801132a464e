/**
 * Slip 02 (Mẫu số 02): request to supplement or correct a dossier. It lists each component
 * that is missing or wrong, says why, and tells the citizen whom to ask.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { vnDate, type DateInput } from '../format.js';
import { field, formNumber, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import { DEFAULT_DEPARTMENT, type DossierSlipBase } from './types.js';

export interface SupplementItem {
  /** The component (or form section) concerned. */
  name: string;
  /** `missing`: to be added; `incorrect`: present but to be corrected or replaced. */
  issue: 'missing' | 'incorrect';
  /** What exactly is wrong or expected. */
  detail?: string;
}

export interface SupplementSlipData extends DossierSlipBase {
  receivedAt: DateInput;
  items: SupplementItem[];
  reason: string;
  /** Who guides the citizen, and how to reach them. */
  guide?: { name?: string; phone?: string };
}

const ISSUE_LABELS: Record<SupplementItem['issue'], string> = {
  missing: 'Bổ sung',
  incorrect: 'Sửa đổi, hoàn thiện',
};

export async function renderSupplementSlip(data: SupplementSlipData): Promise<Buffer> {
  if (data.items.length === 0) {
    throw errors.badRequest('document.supplement_empty', 'A request to supplement must name at least one component');
  }
  const department = data.unit.receivingDepartment ?? DEFAULT_DEPARTMENT;
  const contact = [data.guide?.name, data.guide?.phone ? `số điện thoại ${data.guide.phone}` : undefined].filter(Boolean).join(', ');
  const content: Content[] = [
    formNumber('Mẫu số 02'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', `Mã hồ sơ: ${data.dossierCode}`),
    field('Hồ sơ của', data.applicant.name),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    paragraph(
      `Ngày ${vnDate(data.receivedAt)}, ${department} - ${data.unit.name} đã tiếp nhận hồ sơ của ông/bà. ` +
        'Tuy nhiên đến nay, hồ sơ của ông/bà chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
    ),
    {
      margin: [12, 2, 0, 4],
      // Numbers written into the text, not an `ol`: pdfmake draws list markers after the items,
      // so text extracted from the PDF would read "Giấy chứng sinh 1.".
      stack: data.items.map((item, i) => ({
        text: [`${i + 1}. `, { text: `${ISSUE_LABELS[item.issue]}: `, italics: true }, { text: item.name, bold: true }, item.detail ? ` - ${item.detail}` : ''],
        margin: [0, 1, 0, 1] as [number, number, number, number],
      })),
    },
    field('Lý do', data.reason),
    paragraph(
      `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với ${contact || department} để được hướng dẫn.`,
    ),
    paragraph('Xin trân trọng cảm ơn!'),
    { columns: [{ width: '*', text: '' }, { width: '50%', stack: [signatures([{ title: 'NGƯỜI HƯỚNG DẪN', hint: '(Ký và ghi rõ họ tên)', name: data.guide?.name }])] }] },
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${data.dossierCode}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
