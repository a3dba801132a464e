import crypto from 'node:crypto';
import { createDemoCertificate } from '../../../../server/documents/signing/certificate.js';
import { readP12 } from '../../../../server/documents/signing/sign.js';

describe('demo signing certificates', () => {
  const now = new Date('2025-11-03T17:30:00Z');
  const demo = createDemoCertificate({
    commonName: 'Ủy ban nhân dân phường Phúc Xá',
    organization: 'Ủy ban nhân dân quận Ba Đình',
    unitCode: '000.31.01.H29',
    now,
  });
  const cert = new crypto.X509Certificate(demo.certificatePem);

  test('is a self-signed RSA-2048 certificate with the unit in its subject, in UTF-8', () => {
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.issuer).toBe(cert.subject);
    const subject = cert.toLegacyObject().subject as unknown as Record<string, string>;
    expect(subject).toMatchObject({ C: 'VN', O: 'Ủy ban nhân dân quận Ba Đình', OU: '000.31.01.H29', CN: 'Ủy ban nhân dân phường Phúc Xá' });
    expect(cert.ca).toBe(false);
  });

  test('is valid from a day before its creation for five years', () => {
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime() - 24 * 3600 * 1000);
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2030);
  });

  test('the PKCS#12 opens with its passphrase and holds the matching key', () => {
    const key = readP12(demo);
    expect(new crypto.X509Certificate(key.certificate).fingerprint256).toBe(cert.fingerprint256);
    const probe = Buffer.from('kiểm tra khóa');
    expect(crypto.verify('sha256', probe, cert.publicKey, crypto.sign('sha256', probe, key.privateKey))).toBe(true);
    expect(demo.passphrase.length).toBeGreaterThanOrEqual(20);
  });

  test('the PKCS#12 refuses a wrong passphrase (422)', () => {
    expect(() => readP12({ p12: demo.p12, passphrase: 'sai mật khẩu' })).toThrow(
      expect.objectContaining({ status: 422, code: 'signing.p12_unreadable' }),
    );
  });

  test('each call makes a new key and serial number', () => {
    const other = createDemoCertificate({ commonName: 'UBND xã Tân Lập', organization: 'UBND huyện Đan Phượng', unitCode: '000.00.21.H26', now });
    const otherCert = new crypto.X509Certificate(other.certificatePem);
    expect(otherCert.serialNumber).not.toBe(cert.serialNumber);
    expect(otherCert.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(cert.publicKey.export({ format: 'der', type: 'spki' }));
  });
});
