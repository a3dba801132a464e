import { createDemoCertificate } from '../../../../server/documents/signing/certificate.js';
import { signPdf, type SignatureInfo } from '../../../../server/documents/signing/sign.js';
import { verifyPdfSignature } from '../../../../server/documents/signing/verify.js';
import { renderRefusalSlip } from '../../../../server/documents/slips/refusal.js';
import { applicant, dossierCode, receivedAt, serviceName, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';
import { handWrittenPdf, pdfLibDocument } from './pdfs.js';

const certificate = createDemoCertificate({
  commonName: 'Ủy ban nhân dân phường Phúc Xá',
  organization: 'Ủy ban nhân dân quận Ba Đình',
  unitCode: '000.31.01.H29',
});
const info: SignatureInfo = {
  reason: 'Ký số kết quả giải quyết thủ tục hành chính',
  location: 'Phường Phúc Xá, quận Ba Đình, Hà Nội',
  name: 'Ủy ban nhân dân phường Phúc Xá',
  contactInfo: '024 3823 1234',
  signedAt: new Date('2025-11-06T09:15:00Z'),
};

const slip = () =>
  renderRefusalSlip({ unit, dossierCode, applicant, serviceName, receivedAt, issuedAt: receivedAt, reason: 'Hồ sơ không thuộc thẩm quyền giải quyết.' });

describe('signing a result PDF', () => {
  test.each([
    ['a slip made by pdfmake', slip],
    ['a pdf-lib document with object streams', () => pdfLibDocument('Ket qua giai quyet ho so')],
    ['a hand-written PDF without an AcroForm', async () => handWrittenPdf('Ket qua giai quyet ho so')],
  ])('signs %s so that the signature verifies, with the signer from the certificate', async (_, make) => {
    const signed = await signPdf(await make(), certificate, info);
    const check = verifyPdfSignature(signed);
    expect(check).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      signatureCount: 1,
      subFilter: 'ETSI.CAdES.detached',
      reason: info.reason,
      location: info.location,
      name: info.name,
      signer: { commonName: 'Ủy ban nhân dân phường Phúc Xá', organization: 'Ủy ban nhân dân quận Ba Đình', organizationalUnit: '000.31.01.H29' },
    });
    expect(check.problem).toBeUndefined();
    expect(check.signedAt).toEqual(info.signedAt);
  });

  test('the signed file still reads as the same document', async () => {
    const original = await readPdf(await slip());
    const signed = await readPdf(await signPdf(await slip(), certificate, info));
    expect(signed.text).toBe(original.text);
    expect(signed.text).toContain(dossierCode);
    const other = await readPdf(await signPdf(handWrittenPdf('Ket qua giai quyet ho so'), certificate, info));
    expect(other.text).toBe('Ket qua giai quyet ho so');
  });

  test('refuses to re-sign a signed file, whose first signature a rewrite would break (422)', async () => {
    const signed = await signPdf(handWrittenPdf('Lan 1'), certificate, info);
    await expect(signPdf(signed, certificate, info)).rejects.toMatchObject({ status: 422, code: 'signing.already_signed' });
  });

  test('refuses bytes that are not a PDF, and a wrong passphrase (422)', async () => {
    await expect(signPdf(Buffer.from('not a pdf at all'), certificate, info)).rejects.toMatchObject({ status: 422, code: 'signing.pdf_unreadable' });
    await expect(signPdf(handWrittenPdf('x'), { p12: certificate.p12, passphrase: 'wrong' }, info)).rejects.toMatchObject({
      status: 422,
      code: 'signing.p12_unreadable',
    });
  });
});
