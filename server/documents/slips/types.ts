/** Data the slips share. Callers build these from their rows; the slips never read a database. */
import type { DateInput } from '../format.js';
import type { IssuingUnit } from '../pdf/layout.js';

export type { DateInput, IssuingUnit };

export interface ApplicantInfo {
  /** Person or organisation, as it should be printed: "Nguyễn Thị Hường". */
  name: string;
  /** 12-digit citizen ID, or a business's tax code. */
  idNumber?: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** A dossier component as received: how many originals and copies were handed in. */
export interface ReceivedComponent {
  name: string;
  originals: number;
  copies: number;
}

/** What every slip about one dossier prints. */
export interface DossierSlipBase {
  unit: IssuingUnit;
  /** `000.31.01.H29-251103-0007` */
  dossierCode: string;
  applicant: ApplicantInfo;
  /** The administrative procedure, as named in the catalogue. */
  serviceName: string;
  /** The slip's date: the dated line, and the PDF's creation date. */
  issuedAt: DateInput;
  /** Document number ("Số: ..."), when the unit numbers its slips. */
  documentNumber?: string;
}

export type Channel = 'online' | 'direct' | 'post';

export const CHANNEL_LABELS: Record<Channel, string> = {
  online: 'Trực tuyến qua Cổng dịch vụ công',
  direct: 'Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả',
  post: 'Qua dịch vụ bưu chính công ích',
};

export const DEFAULT_DEPARTMENT = 'Bộ phận Tiếp nhận và Trả kết quả';

/** Two digits for small counts, as the forms print them ("01 bộ"). */
export const twoDigits = (n: number) => String(n).padStart(2, '0');
