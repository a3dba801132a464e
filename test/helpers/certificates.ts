/** Certificates a certificate authority would issue a unit, made here with node-forge. */
import crypto from 'node:crypto';
import forge from 'node-forge';

const forgeKeys = () => {
  // Node's key generation: forge's pure-JS RSA takes seconds.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
};
const utf8 = (shortName: string, value: string) => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as number });

export interface IssuedP12 {
  p12: Buffer;
  passphrase: string;
  caPem: string;
  certificatePem: string;
  serialNumber: string;
}

/** A unit certificate issued by a throwaway CA, in a PKCS#12 file with the CA as its chain. */
export function issueUnitP12(input: { commonName: string; notBefore: Date; notAfter: Date; passphrase?: string; withKey?: boolean }): IssuedP12 {
  const ca = forgeKeys();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = '11' + crypto.randomBytes(8).toString('hex');
  caCert.validity.notBefore = new Date(input.notBefore.getTime() - 86400_000);
  caCert.validity.notAfter = new Date(input.notAfter.getTime() + 86400_000);
  const caName = [{ shortName: 'C', value: 'VN' }, utf8('O', 'Ban Cơ yếu Chính phủ (thử nghiệm)'), utf8('CN', 'CA thử nghiệm')];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, critical: true }]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const unit = forgeKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = unit.publicKey;
  const serialNumber = '12' + crypto.randomBytes(8).toString('hex');
  cert.serialNumber = serialNumber;
  cert.validity.notBefore = input.notBefore;
  cert.validity.notAfter = input.notAfter;
  cert.setSubject([{ shortName: 'C', value: 'VN' }, utf8('O', 'UBND quận Ba Đình'), utf8('CN', input.commonName)]);
  cert.setIssuer(caName);
  cert.setExtensions([{ name: 'basicConstraints', cA: false, critical: true }, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  const passphrase = input.passphrase ?? crypto.randomBytes(12).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(input.withKey === false ? null : unit.privateKey, [cert, caCert], passphrase, { algorithm: 'aes256' });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase,
    caPem: forge.pki.certificateToPem(caCert),
    certificatePem: forge.pki.certificateToPem(cert),
    serialNumber: serialNumber.toUpperCase(),
  };
}
