/**
 * Self-signed signing certificates for demo units. A production unit configures the PKCS#12
 * file its certificate authority issued; the demo needs something that signs the same way.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';

export interface DemoCertificateInput {
  /** The signer's name as shown by PDF readers, e.g. "Ủy ban nhân dân phường Phúc Xá". */
  commonName: string;
  organization: string;
  /** The unit's agency code (Decision 20/2020/QĐ-TTg), kept as the organisational unit. */
  unitCode: string;
  /** Defaults to now; the certificate is valid from a day before, for clocks that lag. */
  now?: Date;
  validYears?: number;
}

export interface DemoCertificate {
  p12: Buffer;
  passphrase: string;
  certificatePem: string;
}

/** Names in UTF8String (forge encodes the value itself); by default it writes PrintableString. */
const utf8 = (shortName: string, value: string) => ({ shortName, value, valueTagClass: forge.asn1.Type.UTF8 as number });

export function createDemoCertificate(input: DemoCertificateInput): DemoCertificate {
  const now = input.now ?? new Date();
  // Node's native key generation: node-forge's pure-JS RSA takes seconds for 2048 bits.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgePrivate = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const forgePublic = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());

  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublic;
  // Positive (high bit clear) and random, as RFC 5280 asks.
  cert.serialNumber = '0' + crypto.randomBytes(16).toString('hex').slice(1);
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + (input.validYears ?? 5));
  const subject = [
    { shortName: 'C', value: 'VN' },
    utf8('O', input.organization),
    utf8('OU', input.unitCode),
    utf8('CN', input.commonName),
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgePrivate, forge.md.sha256.create());

  const passphrase = crypto.randomBytes(18).toString('base64url');
  // AES-256 (PBES2) rather than forge's default 3DES, so OpenSSL 3 and Windows read it too.
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgePrivate, [cert], passphrase, { algorithm: 'aes256', friendlyName: input.unitCode });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase,
    certificatePem: forge.pki.certificateToPem(cert),
  };
}
