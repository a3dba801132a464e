/**
 * Slip 04 (Mẫu số 04): apology for a late result and the new appointment date. The unit's
 * head signs it, so its name and title come with the data.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { toDate, vnDate, vnLongDate, type DateInput } from '../format.js';
import { field, formNumber, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import type { DossierSlipBase } from './types.js';

export interface ApologySlipData extends DossierSlipBase {
  receivedAt: DateInput;
  previousDueAt: DateInput;
  newDueAt: DateInput;
  reason: string;
  /** The head of the unit: "CHỦ TỊCH" and a name. */
  signer?: { name?: string; title?: string };
}

export async function renderApologySlip(data: ApologySlipData): Promise<Buffer> {
  if (toDate(data.newDueAt).getTime() <= toDate(data.previousDueAt).getTime()) {
    throw errors.badRequest('document.new_date_not_later', 'The new appointment must come after the old one');
  }
  if (!data.reason.trim()) throw errors.badRequest('document.reason_required', 'An apology must state why the result is late');
  const unit = data.unit.name;
  const content: Content[] = [
    formNumber('Mẫu số 04'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ'),
    paragraph(`Ngày ${vnDate(data.receivedAt)}, ${unit} tiếp nhận giải quyết hồ sơ của ông/bà ${data.applicant.name}.`),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    field('Mã hồ sơ', data.dossierCode),
    field('Thời hạn trả kết quả giải quyết hồ sơ', vnDate(data.previousDueAt)),
    paragraph(`Tuy nhiên đến nay, ${unit} chưa trả kết quả giải quyết hồ sơ của ông/bà.`),
    field('Lý do', data.reason),
    paragraph([
      { text: `Sự chậm trễ này đã gây phiền hà cho ông/bà. ${unit} xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào ` },
      { text: `${vnLongDate(data.newDueAt)} (${vnDate(data.newDueAt)})`, bold: true },
      { text: '.' },
    ]),
    paragraph('Xin trân trọng cảm ơn!'),
    {
      columns: [
        { width: '*', text: '' },
        { width: '55%', stack: [signatures([{ title: data.signer?.title ?? 'THỦ TRƯỞNG CƠ QUAN', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: data.signer?.name }])] },
      ],
    },
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Phiếu xin lỗi và hẹn lại ngày trả kết quả ${data.dossierCode}`, author: unit, createdAt: data.issuedAt },
  );
}
