import forge from 'node-forge';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { createDemoCertificate } from '../../../../server/documents/signing/certificate.js';
import { readP12, signPdf, withSignaturePlaceholder, type SignatureInfo } from '../../../../server/documents/signing/sign.js';
import { verifyPdfSignature } from '../../../../server/documents/signing/verify.js';
import { handWrittenPdf } from './pdfs.js';

// Issued before the claimed signing time below, so that the signature falls within its validity.
const certificate = createDemoCertificate({
  commonName: 'Ủy ban nhân dân phường Phúc Xá',
  organization: 'Ủy ban nhân dân quận Ba Đình',
  unitCode: '000.31.01.H29',
  now: new Date('2025-11-01T00:00:00Z'),
});
const info: SignatureInfo = { reason: 'Ký số kết quả', location: 'Hà Nội', name: 'UBND phường Phúc Xá', signedAt: new Date('2025-11-06T09:15:00Z') };

let signed: Buffer;
let range: number[];
beforeAll(async () => {
  signed = await signPdf(handWrittenPdf('Quyet dinh cap giay phep'), certificate, info);
  range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(signed.toString('latin1'))!.slice(1).map(Number);
});

function flipped(pdf: Buffer, at: number): Buffer {
  const copy = Buffer.from(pdf);
  copy[at] ^= 0x01;
  return copy;
}

describe('verifying a signed PDF', () => {
  test('one changed byte in the first signed range makes it invalid', () => {
    expect(verifyPdfSignature(signed).valid).toBe(true);
    const check = verifyPdfSignature(flipped(signed, Math.floor(range[1] / 2)));
    expect(check).toMatchObject({ valid: false, problem: 'The document was changed after it was signed' });
    // Who signed is still reported, so a reader can say whose signature no longer holds.
    expect(check.signer?.commonName).toBe('Ủy ban nhân dân phường Phúc Xá');
  });

  test('one changed byte after the signature value makes it invalid', () => {
    expect(verifyPdfSignature(flipped(signed, range[2] + 5)).valid).toBe(false);
  });

  test('the claimed signing time is signed too: moving it a year back makes it invalid', () => {
    const text = signed.toString('latin1');
    const at = text.indexOf('(D:2025') + 6;
    const moved = Buffer.from(signed);
    moved.write('4', at, 'latin1');
    expect(moved.toString('latin1')).toContain('(D:2024');
    expect(verifyPdfSignature(moved).valid).toBe(false);
  });

  test('a changed digit in the signature value itself makes it invalid', () => {
    // The RSA signature value is the last element of the CMS, just before the zero padding.
    const cmsHex = signed.toString('latin1', range[1] + 1, range[2] - 1).replace(/(00)+$/, '');
    const at = range[1] + 1 + cmsHex.length - 10;
    const changed = Buffer.from(signed);
    changed.write(String.fromCharCode(changed[at]) === '0' ? '1' : '0', at, 'latin1');
    expect(verifyPdfSignature(changed)).toMatchObject({ valid: false, problem: 'The signature value does not match the signed data and certificate' });
  });

  test('bytes appended after signing keep the signature valid but not covering the whole file', () => {
    const appended = Buffer.concat([signed, Buffer.from('\n% appended later\n')]);
    expect(verifyPdfSignature(appended)).toMatchObject({ valid: true, coversWholeDocument: false });
  });

  test('a byte range that does not exclude exactly the signature value is refused', () => {
    // Same length, so every offset stays put: the range now also leaves out ten signed bytes.
    const text = signed.toString('latin1');
    const original = `/ByteRange [${range.join(' ')}]`;
    const forged = `/ByteRange [0 ${range[1] - 10} ${range[2]} ${range[3]}]`.padEnd(original.length, ' ');
    const check = verifyPdfSignature(Buffer.from(text.replace(original, forged), 'latin1'));
    expect(check).toMatchObject({ valid: false, problem: 'The signed ranges do not exclude exactly the signature value' });
  });

  test('an unsigned PDF and garbage in place of the signature are not valid, and do not throw', () => {
    expect(verifyPdfSignature(handWrittenPdf('x'))).toMatchObject({ valid: false, signatureCount: 0, problem: 'The file has no signature' });
    const zeroed = Buffer.from(signed);
    zeroed.fill('0', range[1] + 1, range[2] - 1);
    expect(verifyPdfSignature(zeroed)).toMatchObject({ valid: false, problem: expect.stringMatching(/cannot be read/) });
  });

  test('trust is answered only against the certificates given', () => {
    const stranger = createDemoCertificate({ commonName: 'Ủy ban nhân dân phường Phúc Xá', organization: 'Giả mạo', unitCode: '000.31.01.H29' });
    expect(verifyPdfSignature(signed).trusted).toBeUndefined();
    expect(verifyPdfSignature(signed, { trustedCertificates: [certificate.certificatePem] }).trusted).toBe(true);
    // Same name, other key: valid as a signature, but not the unit's.
    expect(verifyPdfSignature(signed, { trustedCertificates: [stranger.certificatePem] }).trusted).toBe(false);
  });

  test('a signature claimed before its certificate was valid is not trusted', async () => {
    const early = await signPdf(handWrittenPdf('x'), certificate, { ...info, signedAt: new Date('2025-10-01T00:00:00Z') });
    expect(verifyPdfSignature(early, { trustedCertificates: [certificate.certificatePem] })).toMatchObject({ valid: true, trusted: false });
  });

  test('verifies a signature made by another CMS encoder (node-forge PKCS#7, adbe.pkcs7.detached style)', async () => {
    // An ASCII name: forge re-encodes a parsed UTF-8 issuer name twice, so its PKCS#7 would name
    // a Vietnamese signer's certificate wrongly (the reason sign.ts builds its own CMS).
    const asciiCertificate = createDemoCertificate({ commonName: 'UBND phuong Phuc Xa', organization: 'UBND quan Ba Dinh', unitCode: '000.31.01.H29' });
    const key = readP12(asciiCertificate);
    class ForgeSigner extends Signer {
      override async sign(content: Buffer): Promise<Buffer> {
        const p7 = forge.pkcs7.createSignedData();
        p7.content = forge.util.createBuffer(content.toString('binary'));
        const cert = forge.pki.certificateFromPem(asciiCertificate.certificatePem);
        p7.addCertificate(cert);
        p7.addSigner({
          key: forge.pki.privateKeyFromPem(key.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
          certificate: cert,
          digestAlgorithm: forge.pki.oids.sha256,
          authenticatedAttributes: [
            { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
            { type: forge.pki.oids.messageDigest },
            { type: forge.pki.oids.signingTime, value: new Date('2025-11-06T09:15:00Z') as unknown as string },
          ],
        });
        p7.sign({ detached: true });
        return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
      }
    }
    const placeholder = await withSignaturePlaceholder(handWrittenPdf('Giay phep'), info, 4096);
    const other = await new SignPdf().sign(placeholder, new ForgeSigner());
    expect(verifyPdfSignature(other)).toMatchObject({ valid: true, signer: { commonName: 'UBND phuong Phuc Xa' } });
    expect(verifyPdfSignature(flipped(other, 20)).valid).toBe(false);
  });
});
