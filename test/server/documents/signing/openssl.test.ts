/** Signed results checked by OpenSSL, independently of the project's own verifier. */
import { createDemoCertificate } from '../../../../server/documents/signing/certificate.js';
import { createKeyring, openP12ForInstall } from '../../../../server/documents/signing/keystore.js';
import { signPdf } from '../../../../server/documents/signing/sign.js';
import { issueUnitP12 } from '../../../helpers/certificates.js';
import { handWrittenPdf, pdfLibDocument } from './pdfs.js';
import { hasOpenssl, opensslVerify, signatureParts } from './openssl.js';

const info = { reason: 'Kết quả giải quyết thủ tục hành chính', location: 'Hà Nội', name: 'UBND phường Phúc Xá' };
const flipped = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x01;
  return copy;
};

(hasOpenssl ? describe : describe.skip)('openssl cms -verify on signed PDFs', () => {
  it('verifies a result signed with a unit key as stored (sealed, then opened), chained to its CA; one changed signed byte fails', async () => {
    const now = new Date();
    const issued = issueUnitP12({ commonName: 'UBND phường Phúc Xá', notBefore: new Date(now.getTime() - 86400_000), notAfter: new Date(now.getTime() + 86400_000 * 30) });
    const { key } = openP12ForInstall(issued.p12, issued.passphrase, now);
    const keyring = createKeyring('a-test-secret-of-at-least-32-characters');
    const stored = { ...key, privateKey: keyring.unseal(keyring.seal(key.privateKey, 'unit-1'), 'unit-1') };
    const signed = await signPdf(await pdfLibDocument('Giay khai sinh'), stored, info);

    const ok = opensslVerify(signed, { caPem: issued.caPem });
    expect(ok.output).toContain('Verification successful');
    expect(ok.ok).toBe(true);

    const { signed: content, range } = signatureParts(signed);
    const tampered = opensslVerify(signed, { caPem: issued.caPem, signed: flipped(content, Math.floor(range[1] / 2)) });
    expect(tampered.ok).toBe(false);
    expect(tampered.output).toMatch(/Verification failure|digest failure/i);
    // A byte changed in the file itself, after the signature value, fails the same way.
    expect(opensslVerify(flipped(signed, range[2] + 10), { caPem: issued.caPem })).toMatchObject({ ok: false, output: expect.stringMatching(/Verification failure/) });
  });

  it('refuses the chain when the CA is another one, though the signature itself holds', async () => {
    const now = new Date();
    const window = { notBefore: new Date(now.getTime() - 86400_000), notAfter: new Date(now.getTime() + 86400_000) };
    const issued = issueUnitP12({ commonName: 'UBND phường Trúc Bạch', ...window });
    const stranger = issueUnitP12({ commonName: 'Người lạ', ...window });
    const signed = await signPdf(handWrittenPdf('Ket qua'), issued, info);
    expect(opensslVerify(signed, { caPem: stranger.caPem }).ok).toBe(false);
    expect(opensslVerify(signed).ok).toBe(true);
  });

  it('verifies a result signed with the self-signed demo certificate (signature only, -noverify)', async () => {
    const demo = createDemoCertificate({ commonName: 'Sở Tư pháp', organization: 'UBND Thành phố Hà Nội', unitCode: '000.00.12.H29' });
    const signed = await signPdf(handWrittenPdf('Phieu ly lich tu phap'), demo, info);
    expect(opensslVerify(signed)).toMatchObject({ ok: true });
    const { range } = signatureParts(signed);
    expect(opensslVerify(flipped(signed, range[1] - 3))).toMatchObject({ ok: false, output: expect.stringMatching(/Verification failure/) });
  });
});
