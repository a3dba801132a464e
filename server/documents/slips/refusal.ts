/** Slip 03 (Mẫu số 03): refusal to receive and resolve a dossier, with the specific reason. */
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { vnDate, type DateInput } from '../format.js';
import { field, formNumber, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import { DEFAULT_DEPARTMENT, type DossierSlipBase } from './types.js';

export interface RefusalSlipData extends DossierSlipBase {
  receivedAt: DateInput;
  /** Specific, with the rule it rests on: the citizen must be able to act on it. */
  reason: string;
  /** The official who refuses, and their title on the form. */
  signer?: { name?: string; title?: string };
}

export async function renderRefusalSlip(data: RefusalSlipData): Promise<Buffer> {
  if (!data.reason.trim()) throw errors.badRequest('document.reason_required', 'A refusal must state its reason');
  const department = data.unit.receivingDepartment ?? DEFAULT_DEPARTMENT;
  const content: Content[] = [
    formNumber('Mẫu số 03'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', `Mã hồ sơ: ${data.dossierCode}`),
    paragraph(`${department} - ${data.unit.name}`),
    field('Tiếp nhận hồ sơ của', data.applicant.name),
    field('Ngày tiếp nhận', vnDate(data.receivedAt)),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    paragraph(
      `Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, ${data.unit.name} từ chối tiếp nhận, ` +
        'giải quyết hồ sơ này với lý do cụ thể như sau:',
    ),
    { text: data.reason, bold: true, margin: [12, 2, 0, 6] },
    paragraph('Xin thông báo để ông/bà được biết và thực hiện./.'),
    {
      columns: [
        { width: '*', text: '' },
        { width: '50%', stack: [signatures([{ title: data.signer?.title ?? 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: data.signer?.name }])] },
      ],
    },
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Phiếu từ chối tiếp nhận giải quyết hồ sơ ${data.dossierCode}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
