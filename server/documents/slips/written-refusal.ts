/**
 * The written refusal (văn bản trả lời từ chối giải quyết): a dossier accepted and examined,
 * then refused at approval, gets a reply that states why (Decree 61/2018/NĐ-CP, art. 19). It
 * is the dossier's result: the citizen receives it where a permit would have been.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { vnDate, type DateInput } from '../format.js';
import { field, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import type { DossierSlipBase } from './types.js';

export interface WrittenRefusalData extends DossierSlipBase {
  receivedAt: DateInput;
  /** The approver's reason, specific enough for the citizen to act on. */
  reason: string;
  /** Who signs for the unit: its head or the leader who refused. */
  signer?: { name?: string; title?: string };
}

export async function renderWrittenRefusal(data: WrittenRefusalData): Promise<Buffer> {
  if (!data.reason.trim()) throw errors.badRequest('document.reason_required', 'A refusal must state its reason');
  const unit = data.unit.name;
  const content: Content[] = [
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ', `Mã hồ sơ: ${data.dossierCode}`),
    paragraph(`Kính gửi: ông/bà ${data.applicant.name}`),
    paragraph(`Ngày ${vnDate(data.receivedAt)}, ${unit} tiếp nhận hồ sơ của ông/bà đề nghị giải quyết thủ tục hành chính sau:`),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    field('Mã hồ sơ', data.dossierCode),
    paragraph(`Sau khi thẩm định hồ sơ, ${unit} từ chối giải quyết hồ sơ của ông/bà với lý do như sau:`),
    { text: data.reason, bold: true, margin: [12, 2, 0, 6] },
    paragraph('Hồ sơ đã nộp và văn bản này được trả lại cho ông/bà. Xin thông báo để ông/bà được biết./.'),
    {
      columns: [
        { width: '*', text: '' },
        { width: '55%', stack: [signatures([{ title: data.signer?.title ?? 'THỦ TRƯỞNG CƠ QUAN', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: data.signer?.name }])] },
      ],
    },
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Thông báo từ chối giải quyết hồ sơ ${data.dossierCode}`, author: unit, createdAt: data.issuedAt },
  );
}
