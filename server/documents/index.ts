/**
 * The documents domain's public face: the standard slips of Circular 01/2018/TT-VPCP as PDFs,
 * the tracking book as PDF and XLSX, the receipt of a fee payment, and the digital signing of
 * result files. Pure functions over plain data: callers load rows, build these objects, and
 * send or store the bytes.
 */
export { formatVnd, vnDate, vnDateTime, vnLongDate, vndInWords, VN_TIME_ZONE, type DateInput } from './format.js';
export type { IssuingUnit } from './pdf/layout.js';
export type { ApplicantInfo, Channel, DossierSlipBase, ReceivedComponent } from './slips/types.js';
export { renderReceiptSlip, type ReceiptSlipData, type ResultDelivery } from './slips/receipt.js';
export { renderSupplementSlip, type SupplementItem, type SupplementSlipData } from './slips/supplement.js';
export { renderRefusalSlip, type RefusalSlipData } from './slips/refusal.js';
export { renderWrittenRefusal, type WrittenRefusalData } from './slips/written-refusal.js';
export { renderApologySlip, type ApologySlipData } from './slips/apology.js';
export { classifyStep, renderControlSlip, type ControlSlipData, type ControlStep, type StepOutcome } from './slips/control.js';
export { renderTrackingBook, type DossierOutcome, type TrackingBookData, type TrackingBookEntry } from './slips/tracking-book.js';
export { renderTrackingBookXlsx } from './slips/tracking-book-xlsx.js';
export { renderPaymentReceipt, receiptTotal, type FeeLine, type PaymentReceiptData } from './slips/payment-receipt.js';
export { createDemoCertificate, type DemoCertificate, type DemoCertificateInput } from './signing/certificate.js';
export type { P12Signer, SignatureInfo } from './signing/sign.js';
export { createKeyring, describeCertificate, openP12ForInstall, type CertificateInfo, type Keyring, type SigningKey } from './signing/keystore.js';
export { loadUnitSigningKey, storeUnitCertificate, unitCertificateView, type UnitCertificateView } from './unit-certificates.js';
export { verifyPdfSignature, type PdfSignatureCheck, type SignerIdentity, type VerifyOptions } from './signing/verify.js';

type Sign = typeof import('./signing/sign.js').signPdf;
/** Signs a result file. Loaded on the first signature, not at start: pdf-lib is heavy. */
export async function signPdf(...args: Parameters<Sign>): ReturnType<Sign> {
  const { signPdf: sign } = await import('./signing/sign.js');
  return sign(...args);
}
