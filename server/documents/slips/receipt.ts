/**
 * Slip 01 (Circular 01/2018/TT-VPCP, Mẫu số 01): receipt of a dossier and appointment for its
 * result, with a QR code of the public tracking address so the citizen can follow it.
 */
import QRCode from 'qrcode';
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { vnDateTime, type DateInput } from '../format.js';
import { field, formNumber, grid, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title, type SignatureBlock } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import { CHANNEL_LABELS, DEFAULT_DEPARTMENT, twoDigits, type Channel, type DossierSlipBase, type ReceivedComponent } from './types.js';

export type ResultDelivery =
  | { method: 'counter' }
  | { method: 'online' }
  | { method: 'post'; address: string };

export interface ReceiptSlipData extends DossierSlipBase {
  channel: Channel;
  components: ReceivedComponent[];
  /** Number of dossier sets handed in; 1 unless the procedure asks for more. */
  sets?: number;
  /** The legal time limit, in working days. */
  timeLimitDays: number;
  receivedAt: DateInput;
  /** The appointment for the result. */
  dueAt: DateInput;
  resultDelivery: ResultDelivery;
  /** Public tracking address of this dossier; encoded in the QR code. */
  trackingUrl: string;
  /** The official at the counter; absent for a dossier received online. */
  receiverName?: string;
  /** Entry in the tracking book (slip 06). */
  book?: { volume: string; entry: string };
}

function deliveryText(data: ReceiptSlipData): string {
  switch (data.resultDelivery.method) {
    case 'counter':
      return `${data.unit.receivingDepartment ?? DEFAULT_DEPARTMENT} - ${data.unit.name}`;
    case 'online':
      return 'Trực tuyến trên Cổng dịch vụ công';
    case 'post':
      return `Qua dịch vụ bưu chính công ích, địa chỉ: ${data.resultDelivery.address}`;
  }
}

function trackingUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw errors.badRequest('document.invalid_url', `Not a tracking address: ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw errors.badRequest('document.invalid_url', `The tracking address must be http(s): ${raw}`);
  }
  return url.href;
}

export async function renderReceiptSlip(data: ReceiptSlipData): Promise<Buffer> {
  const url = trackingUrl(data.trackingUrl);
  // A PNG at 4 px per module prints sharp at 90 pt, and the same URL always gives the same bytes.
  const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, scale: 4 });
  const department = data.unit.receivingDepartment ?? DEFAULT_DEPARTMENT;
  const { applicant } = data;

  const componentRows = data.components.map((c, i) => [
    { text: String(i + 1), alignment: 'center' as const },
    c.name,
    { text: String(c.originals), alignment: 'center' as const },
    { text: String(c.copies), alignment: 'center' as const },
  ]);

  const signers: SignatureBlock[] =
    data.channel === 'online'
      ? [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: data.receiverName }]
      : [
          { title: 'NGƯỜI NỘP HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: applicant.name },
          { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', hint: '(Ký và ghi rõ họ tên)', name: data.receiverName },
        ];

  const content: Content[] = [
    formNumber('Mẫu số 01'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, number: data.documentNumber }),
    title('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${data.dossierCode}`),
    paragraph(`${department} - ${data.unit.name}`),
    field('Tiếp nhận hồ sơ của', applicant.name),
    ...(applicant.idNumber ? [field('Số định danh cá nhân / Mã số thuế', applicant.idNumber)] : []),
    field('Địa chỉ', applicant.address),
    field('Số điện thoại', [applicant.phone, applicant.email ? `Email: ${applicant.email}` : undefined].filter(Boolean).join('   ')),
    field('Nội dung yêu cầu giải quyết', data.serviceName),
    field('Hình thức nộp hồ sơ', CHANNEL_LABELS[data.channel]),
    { text: '1. Thành phần hồ sơ nộp gồm:', margin: [0, 6, 0, 0] },
    grid(['TT', 'Tên giấy tờ', 'Bản chính', 'Bản sao'], componentRows, [24, '*', 52, 52]),
    field('2. Số lượng hồ sơ', `${twoDigits(data.sets ?? 1)} bộ`),
    field('3. Thời gian giải quyết hồ sơ theo quy định là', `${twoDigits(data.timeLimitDays)} ngày làm việc`),
    field('4. Thời gian nhận hồ sơ', vnDateTime(data.receivedAt)),
    field('5. Thời gian trả kết quả giải quyết hồ sơ', vnDateTime(data.dueAt)),
    field('6. Đăng ký nhận kết quả tại', deliveryText(data)),
    ...(data.book ? [field('Vào Sổ theo dõi hồ sơ, Quyển số', `${data.book.volume}, Số thứ tự: ${data.book.entry}`)] : []),
    {
      margin: [0, 10, 0, 0],
      columnGap: 10,
      columns: [
        { image: qr, width: 90, height: 90 },
        {
          width: '*',
          margin: [0, 14, 0, 0],
          stack: [
            { text: 'Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập', italics: true },
            { text: url, fontSize: 9, color: '#1f3a93' },
            { text: ['và nhập mã hồ sơ ', { text: data.dossierCode, bold: true }], italics: true },
          ],
        },
      ],
    },
    signatures(signers),
  ];

  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.dossierCode}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
